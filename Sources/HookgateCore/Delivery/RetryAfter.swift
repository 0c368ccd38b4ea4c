import Foundation

/// Reads a `Retry-After` value: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110's IMF-fixdate).
public enum RetryAfter {
  /// The delay from `now`, or nil when the value is neither form. A date in the past is zero.
  public static func delay(from value: String, now: Date) -> Duration? {
    let text = value.trimmingCharacters(in: .whitespaces)
    if let seconds = Int64(text) { return seconds >= 0 ? .seconds(seconds) : nil }
    guard let epoch = epochSeconds(ofHTTPDate: text) else { return nil }
    return .seconds(max(0, epoch - Int64(now.timeIntervalSince1970.rounded(.down))))
  }

  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// `Sun, 06 Nov 1994 08:49:37 GMT` → seconds since 1970.
  static func epochSeconds(ofHTTPDate text: String) -> Int64? {
    let parts = text.split(separator: " ")
    guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
      let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
      let year = Int(parts[3]), (1...31).contains(day), (1970...9999).contains(year)
    else { return nil }
    let clock = parts[4].split(separator: ":").compactMap { Int($0) }
    guard clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]),
      (0...60).contains(clock[2])
    else { return nil }
    let days = Timestamp.daysSinceEpoch(year: Int64(year), month: Int64(month + 1), day: Int64(day))
    return days * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
  }
}
