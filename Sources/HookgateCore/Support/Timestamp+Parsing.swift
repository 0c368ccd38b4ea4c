/// Reading the ISO 8601 date-times providers send (`2026-11-20T10:00:00.000Z`,
/// `2015-10-05T14:42:19-07:00`, Xero's zone-less `2026-11-20T10:00:00.000`), by hand for the
/// same reasons ``Timestamp`` formats by hand: no formatter objects, no locale.
extension Timestamp {
  /// Milliseconds since the epoch for `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]`,
  /// or nil when the text is not such a date-time, names an impossible one, or one whose UTC
  /// form falls outside ``representableSeconds``.
  ///
  /// - Parameter text: digits beyond milliseconds in the fraction are dropped (CloudEvents
  ///   times carry nanoseconds); a missing zone means UTC, which is what Xero documents for
  ///   its `eventDateUtc`.
  public static func epochMilliseconds(iso8601 text: String) -> Int64? {
    var reader = DigitReader(bytes: Array(text.utf8))
    guard let year = reader.number(digits: 4), reader.skip("-"),
      let month = reader.number(digits: 2), reader.skip("-"),
      let day = reader.number(digits: 2), reader.skip("T") || reader.skip("t"),
      let hour = reader.number(digits: 2), reader.skip(":"),
      let minute = reader.number(digits: 2), reader.skip(":"),
      let second = reader.number(digits: 2)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
      hour < 24, minute < 60, second < 61  // 60: a leap second, counted into the next minute
    else { return nil }

    var millis: Int64 = 0
    if reader.skip(".") {
      var count = 0
      while let digit = reader.digit() {
        if count < 3 { millis = millis * 10 + Int64(digit) }
        count += 1
      }
      guard count > 0 else { return nil }
      for _ in count..<max(count, 3) { millis *= 10 }
    }

    var offsetMinutes: Int64 = 0
    if reader.skip("Z") || reader.skip("z") {
      // UTC
    } else if let sign: Int64 = reader.skip("+") ? 1 : (reader.skip("-") ? -1 : nil) {
      guard let hours = reader.number(digits: 2), hours < 24 else { return nil }
      var minutes: Int64 = 0
      let colon = reader.skip(":")
      if colon || !reader.atEnd {
        guard let value = reader.number(digits: 2), value < 60 else { return nil }
        minutes = value
      }
      offsetMinutes = sign * (hours * 60 + minutes)
    }
    guard reader.atEnd else { return nil }

    let days = daysSinceEpoch(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
    // An offset can push year 0000 or 9999 out of what RFC 3339 can write in UTC.
    guard representableSeconds.contains(seconds) else { return nil }
    return seconds * 1000 + millis
  }

  /// The RFC 3339 UTC form of a provider's date-time, with milliseconds only when it has
  /// any (`2026-11-20T10:00:00Z`, like Stripe's; `2026-11-20T10:00:00.179Z`), or nil.
  public static func normalized(iso8601 text: String) -> String? {
    guard let millis = epochMilliseconds(iso8601: text) else { return nil }
    return rfc3339(epochMilliseconds: millis, fractional: millis % 1000 != 0)
  }

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian), the inverse of
  /// `civilDate`: the one place UTC calendar fields become a day count.
  static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

/// A cursor over ASCII bytes for fixed-width numeric fields.
private struct DigitReader {
  let bytes: [UInt8]
  var index = 0

  var atEnd: Bool { index == bytes.count }

  mutating func digit() -> Int? {
    guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
    defer { index += 1 }
    return Int(bytes[index] - 0x30)
  }

  /// Exactly `digits` decimal digits.
  mutating func number(digits: Int) -> Int64? {
    var value: Int64 = 0
    for _ in 0..<digits {
      guard let next = digit() else { return nil }
      value = value * 10 + Int64(next)
    }
    return value
  }

  mutating func skip(_ character: Unicode.Scalar) -> Bool {
    guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
    index += 1
    return true
  }
}
