import Testing

@testable import HookgateCore

private func envelope(
  _ type: String = "invoice.paid", data: JSONValue, occurredAt: String? = nil
) -> Envelope {
  Envelope(
    tenant: "acme", source: "stripe", provider: .stripe,
    event: NormalizedEvent(
      providerEventID: "evt_1", providerType: type, type: type, occurredAt: occurredAt,
      data: data),
    receivedAtMilliseconds: 1_763_726_400_000, payload: Array("{}".utf8))
}

private func data(amount: String, currency: String) -> JSONValue {
  .object([("amount", .string(amount)), ("currency", .string(currency))])
}

private func condition(
  _ field: String, _ op: FieldCondition.Operator, _ value: String
) -> FieldCondition {
  FieldCondition(field: field, op: op, operand: .value(value))
}

/// DESIGN.md's example: `where: {data.currency: {eq: RON}, data.amount: {gt: "0"}}`.
private let designWhere = RouteMatch(
  types: [Glob("invoice.paid")],
  where: [condition("data.currency", .eq, "RON"), condition("data.amount", .gt, "0")])

/// Big RON invoices, or any EUR one.
private let anyMatch = RouteMatch(
  any: [
    [condition("data.currency", .eq, "RON"), condition("data.amount", .gte, "1000")],
    [condition("data.currency", .eq, "EUR")],
  ])

struct CombinationRow: Sendable, CustomTestStringConvertible {
  var match: String
  var amount: String
  var currency: String
  var matches: Bool
  var testDescription: String { "\(match): \(amount) \(currency) → \(matches)" }
}

private let combinations: [CombinationRow] = [
  CombinationRow(match: "where", amount: "150.00", currency: "RON", matches: true),
  CombinationRow(match: "where", amount: "0.00", currency: "RON", matches: false),
  CombinationRow(match: "where", amount: "-0", currency: "RON", matches: false),
  CombinationRow(match: "where", amount: "0.01", currency: "RON", matches: true),
  CombinationRow(match: "where", amount: "150.00", currency: "EUR", matches: false),
  CombinationRow(match: "any", amount: "999.99", currency: "RON", matches: false),
  CombinationRow(match: "any", amount: "1000", currency: "RON", matches: true),
  CombinationRow(match: "any", amount: "1", currency: "EUR", matches: true),
  CombinationRow(match: "any", amount: "5000", currency: "USD", matches: false),
  CombinationRow(match: "both", amount: "5000", currency: "RON", matches: true),
  CombinationRow(match: "both", amount: "5000", currency: "EUR", matches: false),
  CombinationRow(match: "both", amount: "500", currency: "RON", matches: false),
]

@Suite("EventRouter where/any")
struct EventRouterConditionTests {
  @Test(arguments: combinations)
  func whereNeedsAllAndAnyNeedsOneAlternative(_ row: CombinationRow) {
    var match: RouteMatch
    switch row.match {
    case "where": match = designWhere
    case "any": match = anyMatch
    default:
      // where AND any: a RON invoice of at least 1000.
      match = anyMatch
      match.where = [condition("data.currency", .eq, "RON")]
    }
    let router = EventRouter(routes: [Route(name: "r", match: match, to: ["h"])])
    let event = envelope(data: data(amount: row.amount, currency: row.currency))
    #expect(router.handlers(for: event) == (row.matches ? ["h"] : []))
  }

  @Test func mismatchNamesTheFailedWhereConditionAndTheValueSeen() {
    let event = envelope(data: data(amount: "0.00", currency: "RON"))
    #expect(
      EventRouter.mismatch(designWhere, event)?.description
        == #"where data.amount gt "0" failed (it is "0.00")"#)
  }

  @Test func mismatchSaysWhenTheFieldIsAbsent() {
    let event = envelope(data: .object([("amount", .string("5"))]))
    #expect(
      EventRouter.mismatch(designWhere, event)?.description
        == #"where data.currency eq "RON" failed (the field is absent)"#)
  }

  @Test func mismatchOfAnyListsEachAlternativesFirstFailure() {
    let event = envelope(data: data(amount: "5", currency: "USD"))
    #expect(
      EventRouter.mismatch(anyMatch, event)?.description
        == #"no alternative of any held: data.currency eq "RON" failed (it is "USD");"#
        + #" data.currency eq "EUR" failed (it is "USD")"#)
  }

  @Test func typeIsCheckedBeforeConditions() {
    let event = envelope("invoice.voided", data: data(amount: "0", currency: "EUR"))
    #expect(
      EventRouter.mismatch(designWhere, event)?.description
        == "type invoice.voided is not in match.type")
    #expect(
      EventRouter.mismatch(designWhere, envelope(data: data(amount: "1", currency: "RON"))) == nil)
  }

  @Test func conditionsReadTopLevelEnvelopeFields() {
    let match = RouteMatch(where: [
      condition("occurred_at", .gte, "2026-11-20T00:00:00Z"),
      condition("provider_type", .prefix, "invoice."),
    ])
    let router = EventRouter(routes: [Route(name: "r", match: match, to: ["h"])])
    let recent = envelope(data: .object([]), occurredAt: "2026-11-20T10:00:00Z")
    let old = envelope(data: .object([]), occurredAt: "2026-11-19T23:59:59Z")
    let undated = envelope(data: .object([]))
    #expect(router.handlers(for: recent) == ["h"])
    #expect(router.handlers(for: old).isEmpty)
    #expect(router.handlers(for: undated).isEmpty)
  }
}
