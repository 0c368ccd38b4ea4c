/// Parsers for the quantities `routes.yaml` is written in: durations (`250ms`, `1h30m`),
/// sizes (`1MiB`, `10KB`, `2048`) and rates (`3/s`).
///
/// Strict on purpose: a typo in a timeout or a retry delay must stop the load, not turn into
/// a surprising value.
public enum Units {
  /// Why a quantity did not parse; the message quotes the text (never a secret) and shows
  /// the expected form.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
      self.message = message
    }

    public var description: String { message }
  }

  /// Units from largest to smallest: a compound duration must list them in this order,
  /// each at most once, so `30m1h` (probably a slip) is refused.
  private static let durationUnits: [(name: String, milliseconds: Int64)] = [
    ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
  ]

  private static let sizeUnits: [String: Int] = [
    "": 1, "B": 1,
    "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000,
    "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
  ]

  private static let rateUnits: [String: Duration] = [
    "s": .seconds(1), "m": .seconds(60), "h": .seconds(3600), "d": .seconds(86_400),
  ]

  /// `250ms`, `5s`, `2m`, `72h`, `1d`, or a compound such as `1h30m` or `1m30s500ms`.
  ///
  /// - Parameter allowZero: whether `0s` (or a bare `0`) is acceptable; it is not for
  ///   timeouts and windows, where zero would disable the feature by accident.
  public static func duration(_ text: String, allowZero: Bool = false) throws(ParseError)
    -> Duration
  {
    let hint = "write it like 250ms, 5s, 2m, 72h, 1d or 1h30m"
    func failure(_ reason: String) -> ParseError {
      ParseError("invalid duration '\(text)': \(reason); \(hint)")
    }
    var rest = Substring(text.unitsTrimmed())
    if rest.isEmpty { throw ParseError("empty duration; \(hint)") }
    if rest.first == "-" { throw failure("it must not be negative") }
    if rest == "0" {
      if allowZero { return .zero }
      throw failure("it must be greater than zero")
    }
    var total: Int64 = 0
    var previousRank = -1
    while !rest.isEmpty {
      let digits = rest.prefix(while: \.isUnitsDigit)
      guard !digits.isEmpty else { throw failure("expected a number at '\(rest)'") }
      rest = rest.dropFirst(digits.count)
      let unit = rest.prefix(while: \.isLetter)
      rest = rest.dropFirst(unit.count)
      if unit.isEmpty { throw failure("'\(digits)' has no unit (ms, s, m, h or d)") }
      guard let rank = durationUnits.firstIndex(where: { $0.name == unit }) else {
        throw failure("unknown unit '\(unit)' (use ms, s, m, h or d)")
      }
      guard rank > previousRank else {
        throw failure("units must go from largest to smallest, each at most once")
      }
      previousRank = rank
      guard let number = Int64(digits) else { throw failure("the number is too large") }
      let (part, overflow) = number.multipliedReportingOverflow(
        by: durationUnits[rank].milliseconds)
      let (sum, sumOverflow) = total.addingReportingOverflow(part)
      if overflow || sumOverflow { throw failure("the number is too large") }
      total = sum
    }
    if total == 0 && !allowZero { throw failure("it must be greater than zero") }
    return .milliseconds(total)
  }

  /// A byte count: a plain number (`2048`), or a number with `B`, `KB`/`MB`/`GB` (powers of
  /// 1000) or `KiB`/`MiB`/`GiB` (powers of 1024). Zero is refused.
  public static func size(_ text: String) throws(ParseError) -> Int {
    let hint = "write it like 1MiB, 512KiB, 10KB or 2048 (bytes)"
    func failure(_ reason: String) -> ParseError {
      ParseError("invalid size '\(text)': \(reason); \(hint)")
    }
    let trimmed = Substring(text.unitsTrimmed())
    if trimmed.isEmpty { throw ParseError("empty size; \(hint)") }
    if trimmed.first == "-" { throw failure("it must not be negative") }
    let digits = trimmed.prefix(while: \.isUnitsDigit)
    guard !digits.isEmpty else { throw failure("expected a number first") }
    let unit = String(trimmed.dropFirst(digits.count)).unitsTrimmed()
    guard let multiplier = sizeUnits[unit] else {
      throw failure("unknown unit '\(unit)' (use B, KB, MB, GB, KiB, MiB or GiB)")
    }
    guard let number = Int(digits) else { throw failure("the number is too large") }
    let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
    if overflow { throw failure("the number is too large") }
    if bytes == 0 { throw failure("it must be greater than zero") }
    return bytes
  }

  /// `COUNT/UNIT` with UNIT one of `s`, `m`, `h`, `d`: `3/s`, `500/m`, `100/h`.
  public static func rate(_ text: String) throws(ParseError) -> Rate {
    let hint = "write it like 3/s, 500/m or 100/h"
    func failure(_ reason: String) -> ParseError {
      ParseError("invalid rate '\(text)': \(reason); \(hint)")
    }
    let parts = text.unitsTrimmed().split(
      separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw failure("expected COUNT/UNIT") }
    let countText = String(parts[0]).unitsTrimmed()
    let unitText = String(parts[1]).unitsTrimmed()
    if countText.first == "-" { throw failure("the count must not be negative") }
    guard !countText.isEmpty, countText.allSatisfy(\.isUnitsDigit) else {
      throw failure("'\(countText)' is not a whole number")
    }
    guard let count = Int(countText) else { throw failure("the count is too large") }
    if count == 0 { throw failure("the count must be greater than zero") }
    guard let period = rateUnits[unitText] else {
      throw failure("unknown unit '\(unitText)' (use s, m, h or d)")
    }
    return Rate(count: count, per: period)
  }
}

extension Character {
  fileprivate var isUnitsDigit: Bool { isASCII && isWholeNumber }
}

extension String {
  /// Spaces and tabs only: the values come from YAML scalars, which have no newlines here.
  fileprivate func unitsTrimmed() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
