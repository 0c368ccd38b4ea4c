import Testing

@testable import HookgateCore

struct ConditionRow: Sendable, CustomTestStringConvertible {
  var field: String
  var value: JSONValue?
  var condition: FieldCondition
  var holds: Bool

  init(
    _ field: String, _ value: JSONValue?, _ op: FieldCondition.Operator,
    _ operand: FieldCondition.Operand, _ holds: Bool
  ) {
    self.field = field
    self.value = value
    self.condition = FieldCondition(field: field, op: op, operand: operand)
    self.holds = holds
  }

  var testDescription: String {
    let shown = value.map { String(decoding: JSONWriter.encode($0), as: UTF8.self) } ?? "absent"
    return "\(shown) \(condition.op.rawValue) \(condition.operand) → \(holds)"
  }
}

private let amount = "data.amount"
private let currency = "data.currency"
private let reference = "data.reference"

/// Each operator, on strings, decimal amounts, numbers, dates and absent fields.
private let rows: [ConditionRow] = [
  // eq / ne: strings as strings, amounts and numbers by value.
  ConditionRow(currency, .string("RON"), .eq, .value("RON"), true),
  ConditionRow(currency, .string("RON"), .eq, .value("ron"), false),
  ConditionRow(currency, .string("RON"), .ne, .value("EUR"), true),
  ConditionRow(currency, .string("RON"), .ne, .value("RON"), false),
  ConditionRow(amount, .string("150.00"), .eq, .value("150"), true),
  ConditionRow(amount, .string("-0.00"), .eq, .value("0"), true),
  ConditionRow(amount, .string("150.00"), .ne, .value("150.0"), false),
  ConditionRow("data.count", .number("3"), .eq, .value("3.0"), true),
  ConditionRow(reference, .string("007"), .eq, .value("7"), false),
  ConditionRow(reference, .string("007"), .eq, .value("007"), true),
  ConditionRow(
    "occurred_at", .string("2026-11-20T10:00:00Z"), .eq,
    .value("2026-11-20T12:00:00+02:00"), true),
  ConditionRow("data.paid", .bool(true), .eq, .value("true"), true),
  ConditionRow(currency, nil, .eq, .value("RON"), false),
  ConditionRow(currency, nil, .ne, .value("RON"), true),
  ConditionRow(currency, .null, .ne, .value("RON"), true),
  ConditionRow("data.customer", .object([("id", .string("c"))]), .eq, .value("c"), false),
  // in / nin
  ConditionRow(currency, .string("EUR"), .in, .values(["RON", "EUR"]), true),
  ConditionRow(currency, .string("USD"), .in, .values(["RON", "EUR"]), false),
  ConditionRow(currency, .string("USD"), .nin, .values(["RON", "EUR"]), true),
  ConditionRow(currency, .string("RON"), .nin, .values(["RON", "EUR"]), false),
  ConditionRow(amount, .string("10.50"), .in, .values(["10.5", "20"]), true),
  ConditionRow(currency, nil, .in, .values(["RON"]), false),
  ConditionRow(currency, nil, .nin, .values(["RON"]), true),
  // gt / gte / lt / lte: decimals by value, never as text or Double.
  ConditionRow(amount, .string("10.5"), .gt, .value("9.99"), true),
  ConditionRow(amount, .string("9.99"), .gt, .value("10.5"), false),
  ConditionRow(amount, .string("0.00"), .gt, .value("0"), false),
  ConditionRow(amount, .string("-0"), .gte, .value("0"), true),
  ConditionRow(amount, .string("-0"), .lt, .value("0"), false),
  ConditionRow(amount, .string("-0.01"), .lt, .value("0"), true),
  ConditionRow(amount, .string("100"), .lte, .value("99.999"), false),
  ConditionRow(amount, .string("99.999"), .lte, .value("100"), true),
  ConditionRow(
    amount, .string("12345678901234567890.10"), .gt,
    .value("12345678901234567890.09"), true),
  ConditionRow(amount, .string("0.30000000000000000001"), .gt, .value("0.3"), true),
  ConditionRow("data.count", .number("1e3"), .gte, .value("999"), true),
  ConditionRow(amount, nil, .gt, .value("0"), false),
  ConditionRow(amount, nil, .lte, .value("0"), false),
  // Ordering of RFC 3339 instants is chronological, whatever the offset.
  ConditionRow(
    "occurred_at", .string("2026-11-20T10:00:00Z"), .gt,
    .value("2026-11-20T11:00:00+02:00"), true),
  ConditionRow(
    "occurred_at", .string("2026-11-20T10:00:00Z"), .lt,
    .value("2026-11-20T10:00:00.001Z"), true),
  ConditionRow(
    "occurred_at", .string("2026-11-20T10:00:00Z"), .gte,
    .value("2026-11-20T10:00:00.000Z"), true),
  ConditionRow(
    "occurred_at", .string("2026-12-01T00:00:00Z"), .lte,
    .value("2026-11-30T23:59:59Z"), false),
  // Other strings order as strings.
  ConditionRow(reference, .string("INV-100"), .gt, .value("INV-099"), true),
  ConditionRow(reference, .string("INV-100"), .lt, .value("INV-2"), true),
  // prefix
  ConditionRow(reference, .string("INV-001"), .prefix, .value("INV-"), true),
  ConditionRow(reference, .string("PRO-001"), .prefix, .value("INV-"), false),
  ConditionRow(reference, nil, .prefix, .value("INV-"), false),
  // exists
  ConditionRow(reference, .string("INV-001"), .exists, .flag(true), true),
  ConditionRow(reference, nil, .exists, .flag(true), false),
  ConditionRow(reference, .null, .exists, .flag(false), true),
  ConditionRow(reference, .string(""), .exists, .flag(false), false),
]

@Suite("FieldCondition")
struct FieldConditionTests {
  @Test(arguments: rows)
  func operatorHoldsAsTheTableSays(_ row: ConditionRow) {
    #expect(row.condition.holds(for: row.value) == row.holds)
  }

  @Test func descriptionQuotesOperandsLikeYAML() {
    #expect(
      FieldCondition(field: "data.amount", op: .gt, operand: .value("0")).description
        == #"data.amount gt "0""#)
    #expect(
      FieldCondition(field: "data.currency", op: .in, operand: .values(["RON", "EUR"]))
        .description == #"data.currency in ["RON", "EUR"]"#)
    #expect(
      FieldCondition(field: "data.reference", op: .exists, operand: .flag(false)).description
        == "data.reference exists false")
  }
}
