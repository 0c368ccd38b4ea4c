/// RFC 3339 UTC timestamps (`2026-11-20T10:00:01.204Z`), computed from epoch time with
/// integer arithmetic: no formatter objects, no locale, nothing shared between threads.
public enum Timestamp {
  /// The instants RFC 3339 can write: years 0000 through 9999.
  public static let representableSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

  /// Instants outside ``representableSeconds`` are clamped to its ends, so a hostile value
  /// (a provider's `created` of `Int64.min`) can neither trap nor produce an invalid date.
  public static func rfc3339(epochMilliseconds: Int64, fractional: Bool = true) -> String {
    let limit = representableSeconds
    let epochMilliseconds = min(
      max(epochMilliseconds, limit.lowerBound * 1000), limit.upperBound * 1000 + 999)
    let millis = ((epochMilliseconds % 1000) + 1000) % 1000
    let seconds = (epochMilliseconds - millis) / 1000
    var text = rfc3339Seconds(epochSeconds: seconds)
    if fractional {
      text.removeLast()  // the Z
      text += "." + pad(Int(millis), 3) + "Z"
    }
    return text
  }

  public static func rfc3339(epochSeconds: Int64) -> String {
    rfc3339Seconds(
      epochSeconds: min(
        max(epochSeconds, representableSeconds.lowerBound), representableSeconds.upperBound))
  }

  private static func rfc3339Seconds(epochSeconds: Int64) -> String {
    let secondOfDay = ((epochSeconds % 86_400) + 86_400) % 86_400
    let days = (epochSeconds - secondOfDay) / 86_400
    let (year, month, day) = civilDate(daysSinceEpoch: days)
    let hour = Int(secondOfDay / 3600)
    let minute = Int(secondOfDay % 3600 / 60)
    let second = Int(secondOfDay % 60)
    return
      "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
  }

  /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
  private static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPrime = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
    let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
      ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
