import Testing

@testable import HookgateCore

struct MinorUnitsCase: Sendable, CustomTestStringConvertible {
  var minor: String
  var currency: String
  var expected: String?

  init(_ minor: String, _ currency: String, _ expected: String?) {
    self.minor = minor
    self.currency = currency
    self.expected = expected
  }

  var testDescription: String { "(\(minor), \(currency)) → \(expected ?? "nil")" }
}

@Suite("MinorUnits")
struct MinorUnitsTests {
  @Test(arguments: [
    MinorUnitsCase("15000", "RON", "150.00"),
    MinorUnitsCase("5", "USD", "0.05"),
    MinorUnitsCase("50", "USD", "0.50"),
    MinorUnitsCase("100", "USD", "1.00"),
    MinorUnitsCase("0", "EUR", "0.00"),
    MinorUnitsCase("-0", "EUR", "0.00"),
    MinorUnitsCase("000123", "EUR", "1.23"),
    MinorUnitsCase("-250", "USD", "-2.50"),
    MinorUnitsCase("-5", "USD", "-0.05"),
    MinorUnitsCase("1500", "JPY", "1500"),
    MinorUnitsCase("0", "JPY", "0"),
    MinorUnitsCase("-1500", "KRW", "-1500"),
    MinorUnitsCase("1234", "BHD", "1.234"),
    MinorUnitsCase("5", "KWD", "0.005"),
    MinorUnitsCase("15000", "ron", "150.00"),
    MinorUnitsCase("1500", "jpy", "1500"),
    MinorUnitsCase("1234", "bhd", "1.234"),
    MinorUnitsCase("123456789012345678901234", "EUR", "1234567890123456789012.34"),
    MinorUnitsCase("-123456789012345678901234", "JPY", "-123456789012345678901234"),
  ])
  func convertsMinorUnitsToADecimalStringInMajorUnits(_ example: MinorUnitsCase) {
    #expect(
      MinorUnits.decimalString(minorUnits: example.minor, currency: example.currency)
        == example.expected)
  }

  @Test(arguments: ["1.5", "", "-", "+5", "1e3", " 5", "5 ", "0x10", "1_000", "--5", "٣", "12a"])
  func nonIntegerLiteralGivesNil(_ literal: String) {
    #expect(MinorUnits.decimalString(minorUnits: literal, currency: "USD") == nil)
  }

  @Test func exponentFollowsIso4217ForZeroTwoAndThreeDecimalCurrencies() {
    #expect(MinorUnits.exponent(of: "JPY") == 0)
    #expect(MinorUnits.exponent(of: "vnd") == 0)
    #expect(MinorUnits.exponent(of: "RON") == 2)
    #expect(MinorUnits.exponent(of: "USD") == 2)
    #expect(MinorUnits.exponent(of: "KWD") == 3)
    #expect(MinorUnits.exponent(of: "XYZ") == 2)
  }
}
