import Testing

@testable import HookgateCore

struct DecimalOrderRow: Sendable, CustomTestStringConvertible {
  var lhs: String
  var rhs: String
  /// -1: lhs < rhs, 0: equal, 1: lhs > rhs.
  var order: Int
  var testDescription: String { "\(lhs) vs \(rhs)" }
}

private let orderRows: [DecimalOrderRow] = [
  DecimalOrderRow(lhs: "10.5", rhs: "9.99", order: 1),
  DecimalOrderRow(lhs: "9.99", rhs: "10.5", order: -1),
  DecimalOrderRow(lhs: "-0", rhs: "0", order: 0),
  DecimalOrderRow(lhs: "-0.00", rhs: "+0", order: 0),
  DecimalOrderRow(lhs: "150", rhs: "150.00", order: 0),
  DecimalOrderRow(lhs: "007.50", rhs: "7.5", order: 0),
  DecimalOrderRow(lhs: "0.1", rhs: "0.10000000000000000001", order: -1),
  DecimalOrderRow(lhs: "12345678901234567890.10", rhs: "12345678901234567890.09", order: 1),
  DecimalOrderRow(lhs: "-1", rhs: "0", order: -1),
  DecimalOrderRow(lhs: "-10", rhs: "-9.5", order: -1),
  DecimalOrderRow(lhs: "-0.01", rhs: "-0.001", order: -1),
  DecimalOrderRow(lhs: "1.5E2", rhs: "150", order: 0),
  DecimalOrderRow(lhs: "1e-2", rhs: "0.01", order: 0),
  DecimalOrderRow(lhs: "0.5", rhs: ".5", order: 0),
  DecimalOrderRow(lhs: "2", rhs: "15", order: -1),
  DecimalOrderRow(lhs: "100", rhs: "99.999", order: 1),
]

@Suite("DecimalNumber")
struct DecimalNumberTests {
  @Test(arguments: orderRows)
  func comparesByValueNeverThroughFloatingPoint(_ row: DecimalOrderRow) throws {
    let lhs = try #require(DecimalNumber(row.lhs))
    let rhs = try #require(DecimalNumber(row.rhs))
    #expect((lhs < rhs) == (row.order < 0))
    #expect((lhs == rhs) == (row.order == 0))
    #expect((lhs > rhs) == (row.order > 0))
  }

  @Test(arguments: [
    "", "-", ".", "abc", "1,50", "1.2.3", "1e", "0x10", "1 000", "NaN", "1e9999999",
  ])
  func refusesWhatIsNotADecimal(_ text: String) {
    #expect(DecimalNumber(text) == nil)
  }

  @Test(arguments: [
    ("150.00", "150"), ("1.5E2", "150"), ("-0", "0"), ("007.50", "7.5"), ("1e-3", "0.001"),
    ("-12.340", "-12.34"), ("12345678901234567890.10", "12345678901234567890.1"),
  ])
  func plainFormHasNoExponentNorSuperfluousZeros(_ text: String, _ plain: String) throws {
    #expect(try #require(DecimalNumber(text)).description == plain)
  }
}
