/// A decimal number read from its text (`"150.00"`, `-0`, `1.5E2`), compared and rewritten
/// digit by digit: amounts never pass through floating point, so `"0.1"` stays exactly 0.1
/// and `"12345678901234567890.10"` keeps every digit.
///
/// Held as sign, significant digits and a decimal exponent: `150.00` is `+ "15" × 10^(3-2)`,
/// i.e. `0.15 × 10^3`. Zero has no digits and no sign, so `-0 == 0`.
public struct DecimalNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let isNegative: Bool
  /// Significant digits, no leading or trailing zeros; empty for zero.
  let digits: [UInt8]
  /// The value is `0.d₁d₂… × 10^exponent`.
  let exponent: Int

  /// Exponents beyond this are refused rather than expanded: no real amount has them, and a
  /// hostile `1e999999999` must not make anyone write a billion zeros.
  static let exponentLimit = 10_000

  /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` with at least one digit before or after the
  /// point; surrounding spaces are ignored. Anything else (`"1,50"`, `"abc"`, `""`) is nil.
  public init?(_ text: String) {
    var bytes = Array(text.utf8)[...].drop { $0 == 0x20 }
    while bytes.last == 0x20 { bytes = bytes.dropLast() }
    var negative = false
    if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
    let whole = bytes.prefix(while: isDigit)
    bytes = bytes.dropFirst(whole.count)
    var fraction: ArraySlice<UInt8> = []
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      fraction = bytes.prefix(while: isDigit)
      bytes = bytes.dropFirst(fraction.count)
    }
    guard !whole.isEmpty || !fraction.isEmpty else { return nil }
    var power = 0
    if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      var exponentNegative = false
      if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        exponentNegative = sign == UInt8(ascii: "-")
        bytes = bytes.dropFirst()
      }
      let exponentDigits = bytes.prefix(while: isDigit)
      bytes = bytes.dropFirst(exponentDigits.count)
      guard !exponentDigits.isEmpty, exponentDigits.count <= 6,
        let value = Int(String(decoding: exponentDigits, as: UTF8.self))
      else { return nil }
      power = exponentNegative ? -value : value
    }
    guard bytes.isEmpty else { return nil }

    let all = Array(whole) + Array(fraction)
    let leading = all.prefix { $0 == 0x30 }.count
    let significant = all.dropFirst(leading)
    let trailing = significant.reversed().prefix { $0 == 0x30 }.count
    digits = significant.dropLast(trailing).map { $0 - 0x30 }
    exponent = digits.isEmpty ? 0 : whole.count - leading + power
    guard abs(exponent) <= Self.exponentLimit else { return nil }
    isNegative = negative && !digits.isEmpty
  }

  public var isZero: Bool { digits.isEmpty }

  public static func < (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
    if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
    // Same sign: compare magnitudes, reversed for negatives.
    return lhs.isNegative ? magnitudeLess(rhs, lhs) : magnitudeLess(lhs, rhs)
  }

  private static func magnitudeLess(_ lhs: DecimalNumber, _ rhs: DecimalNumber) -> Bool {
    if lhs.isZero || rhs.isZero { return lhs.isZero && !rhs.isZero }
    if lhs.exponent != rhs.exponent { return lhs.exponent < rhs.exponent }
    // Same magnitude order: digit strings compare lexicographically ("15" < "151" < "2").
    return lhs.digits.lexicographicallyPrecedes(rhs.digits)
  }

  /// The plain decimal form, without exponent or superfluous zeros: `1.5E2` → `150`,
  /// `007.50` → `7.5`, `-0` → `0`.
  public var description: String {
    if isZero { return "0" }
    let text = digits.map { Character(Unicode.Scalar($0 + 0x30)) }
    var result: String
    if exponent <= 0 {
      result = "0." + String(repeating: "0", count: -exponent) + String(text)
    } else if exponent >= text.count {
      result = String(text) + String(repeating: "0", count: exponent - text.count)
    } else {
      result = String(text[..<exponent]) + "." + String(text[exponent...])
    }
    return (isNegative ? "-" : "") + result
  }
}
