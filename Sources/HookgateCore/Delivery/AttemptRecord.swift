/// One line of an event's attempt log (`hookgate:attempts:<eventID>`): what one delivery
/// attempt to one handler did, for ops asking "why has the reservation service not heard of
/// this payment?".
public struct AttemptRecord: Sendable, Equatable {
  public enum Outcome: String, Sendable, Equatable, CaseIterable {
    case delivered
    case retry
    case dead
    case paused
    /// Not sent: an earlier event with the same `order_by` key is still outstanding.
    case waiting
  }

  /// Bodies are cut here, in bytes, before they are stored.
  public static let responseLimit = 1024

  /// Names the log the record goes to; not part of the record itself.
  public var eventID: String
  public var handler: String
  /// 1 for the first attempt; a `waiting` record carries the attempts made so far.
  public var attempt: Int
  public var atMilliseconds: Int64
  /// Nil when no HTTP response arrived (or no request was made).
  public var status: Int?
  public var latencyMilliseconds: Int64
  public var error: String?
  /// The first ``responseLimit`` bytes of the response body.
  public var response: [UInt8]
  public var outcome: Outcome

  public init(
    eventID: String, handler: String, attempt: Int, atMilliseconds: Int64, status: Int?,
    latencyMilliseconds: Int64, error: String?, response: [UInt8], outcome: Outcome
  ) {
    self.eventID = eventID
    self.handler = handler
    self.attempt = attempt
    self.atMilliseconds = atMilliseconds
    self.status = status
    self.latencyMilliseconds = latencyMilliseconds
    self.error = error
    self.response = Array(response.prefix(Self.responseLimit))
    self.outcome = outcome
  }

  /// The record as the shared contract spells it. The body prefix may end inside a UTF-8
  /// sequence or not be text at all: invalid bytes become U+FFFD rather than breaking the JSON.
  public func encoded() -> [UInt8] {
    JSONWriter.encode(
      .object([
        ("handler", .string(handler)),
        ("attempt", .number(String(attempt))),
        ("at", .string(Timestamp.rfc3339(epochMilliseconds: atMilliseconds))),
        ("status", status.map { .number(String($0)) } ?? .null),
        ("latency_ms", .number(String(max(0, latencyMilliseconds)))),
        ("error", error.map(JSONValue.string) ?? .null),
        ("response", .string(String(decoding: response, as: UTF8.self))),
        ("outcome", .string(outcome.rawValue)),
      ]))
  }
}
