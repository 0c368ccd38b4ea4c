/// Converts an amount in a currency's minor units (Stripe's `amount: 15000`) to a decimal
/// string in major units (`"150.00"`), by text manipulation: never through floating point.
public enum MinorUnits {
  /// ISO 4217 currencies without the usual two decimals, as Stripe documents them.
  private static let zeroDecimal: Set<String> = [
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
  ]
  private static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

  public static func exponent(of currency: String) -> Int {
    let code = currency.uppercased()
    if zeroDecimal.contains(code) { return 0 }
    if threeDecimal.contains(code) { return 3 }
    return 2
  }

  /// `literal` must be an integer literal (`"15000"`, `"-250"`); anything else gives nil.
  public static func decimalString(minorUnits literal: String, currency: String) -> String? {
    var digits = Substring(literal)
    let negative = digits.first == "-"
    if negative { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    let places = exponent(of: currency)
    var text = String(digits.drop(while: { $0 == "0" }))
    if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
    if places > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -places)) }
    let isZero = !text.contains(where: { $0 != "0" && $0 != "." })
    return (negative && !isZero ? "-" : "") + text
  }
}
