/// The instants `hookgate replay --since/--until` take: an RFC 3339 date-time
/// (`2026-11-23T10:00:00Z`) or a duration back from now (`2h`, `1d`, `1h30m`), so ops can
/// write "what died in the last two hours" without working out a date.
public enum ReplayTime {
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
  }

  /// Milliseconds since the epoch.
  ///
  /// - Parameter nowMilliseconds: the present, injected so the result is deterministic.
  public static func epochMilliseconds(_ text: String, nowMilliseconds: Int64)
    throws(ParseError) -> Int64
  {
    if let instant = Timestamp.epochMilliseconds(iso8601: text) { return instant }
    // A date-time that failed to parse must not fall through to the duration message.
    if text.contains("T") || text.contains("-") || text.contains(":") {
      throw ParseError(
        description:
          "invalid time '\(text)': write an RFC 3339 date-time like 2026-11-23T10:00:00Z "
          + "or a duration back from now like 2h")
    }
    do {
      let ago = try Units.duration(text, allowZero: true)
      return nowMilliseconds - ago.milliseconds
    } catch {
      throw ParseError(description: "\(error.description), or an RFC 3339 date-time")
    }
  }

  /// The burial time a dead-letter stream id (`<ms>-<n>`) carries.
  public static func milliseconds(ofStreamID id: String) -> Int64? {
    guard let dash = id.firstIndex(of: "-") else { return Int64(id) }
    return Int64(id[..<dash])
  }
}
