import HookgateCore
import Testing

/// A file with one tenant, one handler and one route whose `match:` is `match` (on line 16,
/// its value starting at column 12).
private func config(match: String, sources: String = "") -> String {
  """
  version: 1
  tenants:
    acme:
      sources:
        billing:
          provider: hmac
          secrets: [billing-secret]
          signature: {header: X-Signature}
  \(sources)
  handlers:
    h:
      url: http://127.0.0.1:7001/events
      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
  routes:
    - name: r
      match: \(match)
      to: [h]
  """
}

private func load(_ yaml: String) throws(ConfigErrors) -> LoadedConfig {
  try ConfigLoader.load(yaml: yaml, file: "routes.yaml", environment: ["RON": "RON"])
}

private func errors(_ yaml: String) -> [ConfigDiagnostic] {
  do throws(ConfigErrors) {
    _ = try load(yaml)
    Issue.record("expected errors, but it loaded")
    return []
  } catch {
    return error.errors
  }
}

struct ConditionErrorRow: Sendable, CustomTestStringConvertible {
  var match: String
  var column: Int
  var message: String
  var testDescription: String { match }
}

/// One mistake each, with where it is reported and what is said.
private let mistakes: [ConditionErrorRow] = [
  ConditionErrorRow(
    match: "{where: {data.currency: {equals: RON}}}", column: 37,
    message: "unknown operator 'equals' in route 'r' match.where data.currency"
      + " (operators: eq, ne, in, nin, gt, gte, lt, lte, exists, prefix)"),
  ConditionErrorRow(
    match: "{where: {data.amount: {gte_: \"1\"}}}", column: 35,
    message: "unknown operator 'gte_' in route 'r' match.where data.amount; did you mean"
      + " 'gte'? (operators: eq, ne, in, nin, gt, gte, lt, lte, exists, prefix)"),
  ConditionErrorRow(
    match: "{where: {data.currency: {in: RON}}}", column: 41,
    message: "route 'r' match.where data.currency in needs a list of values, like [RON, EUR],"
      + " found a single value"),
  ConditionErrorRow(
    match: "{where: {data.currency: {in: []}}}", column: 41,
    message: "route 'r' match.where data.currency in needs at least one value"),
  ConditionErrorRow(
    match: "{where: {data.currency: {eq: [RON, EUR]}}}", column: 41,
    message: "route 'r' match.where data.currency eq needs a single value, found a list"),
  ConditionErrorRow(
    match: "{where: {data.amount: {gt: lots}}}", column: 39,
    message: "route 'r' match.where data.amount gt: data.amount is a decimal amount, so the"
      + " value must be a number like \"10.50\", found 'lots'"),
  ConditionErrorRow(
    match: "{where: {data.amount: {in: [\"1\", x]}}}", column: 45,
    message: "route 'r' match.where data.amount in: data.amount is a decimal amount, so the"
      + " value must be a number like \"10.50\", found 'x'"),
  ConditionErrorRow(
    match: "{where: {occurred_at: {gt: yesterday}}}", column: 39,
    message: "route 'r' match.where occurred_at gt: occurred_at is a date-time, so the value"
      + " must be RFC 3339 like 2026-11-20T10:00:00Z, found 'yesterday'"),
  ConditionErrorRow(
    match: "{where: {data.reference: {exists: yes}}}", column: 46,
    message: "route 'r' match.where data.reference exists must be true or false, found 'yes'"),
  ConditionErrorRow(
    match: "{where: {data.reference: {eq: ~}}}", column: 38,
    message: "route 'r' match.where data.reference eq needs a value (to test for an absent"
      + " field, write exists: false)"),
  ConditionErrorRow(
    match: "{where: {data.currency: RON}}", column: 36,
    message: "route 'r' match.where data.currency must be a mapping of operator to value, like"
      + " {eq: RON} (operators: eq, ne, in, nin, gt, gte, lt, lte, exists, prefix), found a"
      + " single value"),
  ConditionErrorRow(
    match: "{where: {curency: {eq: RON}}}", column: 21,
    message: "unknown envelope field 'curency' in route 'r' match.where (fields: id, type,"
      + " tenant, source, provider, provider_event_id, provider_type, occurred_at,"
      + " received_at, or data.NAME like data.amount)"),
  ConditionErrorRow(
    match: "{where: {data..amount: {gt: \"0\"}}}", column: 21,
    message: "unknown envelope field 'data..amount' in route 'r' match.where; did you mean"
      + " 'data.amount'? (fields: id, type, tenant, source, provider, provider_event_id,"
      + " provider_type, occurred_at, received_at, or data.NAME like data.amount)"),
  ConditionErrorRow(
    match: "{where: [data.amount]}", column: 20,
    message: "route 'r' match.where must be a mapping, found a list"),
  ConditionErrorRow(
    match: "{any: {data.currency: {eq: RON}}}", column: 18,
    message: "route 'r' match.any must be a list, found a mapping"),
  ConditionErrorRow(
    match: "{any: []}", column: 18,
    message: "route 'r' match.any must list at least one condition map (an empty any never"
      + " holds)"),
  ConditionErrorRow(
    match: "{any: [{data.currency: {eq: RON}}, {data.amount: {lt: x}}]}", column: 66,
    message: "route 'r' match.any[1] data.amount lt: data.amount is a decimal amount, so the"
      + " value must be a number like \"10.50\", found 'x'"),
  ConditionErrorRow(
    match: "{whre: {data.currency: {eq: RON}}}", column: 13,
    message: "unknown key 'whre' in route 'r' match; did you mean 'where'? (valid keys: type,"
      + " tenant, source, provider, where, any)"),
]

@Suite("routes.yaml match.where and match.any")
struct RouteConditionConfigTests {
  @Test func designExampleWhereLoadsAsTwoConditions() throws {
    let loaded = try load(
      config(
        match: #"{type: invoice.paid, where: {data.currency: {eq: RON}, data.amount: {gt: "0"}}}"#))
    let match = try #require(loaded.config.routes.first?.match)
    #expect(
      match.where == [
        FieldCondition(field: "data.currency", op: .eq, operand: .value("RON")),
        FieldCondition(field: "data.amount", op: .gt, operand: .value("0")),
      ])
    #expect(match.any.isEmpty)
    #expect(match.types == [Glob("invoice.paid")])
  }

  @Test func everyOperatorLoadsWithItsOperand() throws {
    let yaml = config(
      match: """

              where:
                data.currency: {in: [RON, "${RON}"], nin: [USD], ne: EUR}
                data.amount: {gte: "10.5", lt: 1000, lte: 1e3, eq: "15.00"}
                data.reference: {prefix: INV-, exists: true}
                occurred_at: {gt: "2026-11-20T10:00:00Z"}
                data.customer.email: {exists: false}
        """)
    let match = try #require(try load(yaml).config.routes.first?.match)
    #expect(
      match.where == [
        FieldCondition(field: "data.currency", op: .in, operand: .values(["RON", "RON"])),
        FieldCondition(field: "data.currency", op: .nin, operand: .values(["USD"])),
        FieldCondition(field: "data.currency", op: .ne, operand: .value("EUR")),
        FieldCondition(field: "data.amount", op: .gte, operand: .value("10.5")),
        FieldCondition(field: "data.amount", op: .lt, operand: .value("1000")),
        FieldCondition(field: "data.amount", op: .lte, operand: .value("1e3")),
        FieldCondition(field: "data.amount", op: .eq, operand: .value("15.00")),
        FieldCondition(field: "data.reference", op: .prefix, operand: .value("INV-")),
        FieldCondition(field: "data.reference", op: .exists, operand: .flag(true)),
        FieldCondition(field: "occurred_at", op: .gt, operand: .value("2026-11-20T10:00:00Z")),
        FieldCondition(field: "data.customer.email", op: .exists, operand: .flag(false)),
      ])
  }

  @Test func anyLoadsEachAlternativeBesideWhere() throws {
    let yaml = config(
      match: """

              where: {data.currency: {eq: RON}}
              any:
                - {data.amount: {gte: "1000"}}
                - {data.reference: {prefix: VIP-}, tenant: {eq: acme}}
        """)
    let match = try #require(try load(yaml).config.routes.first?.match)
    #expect(
      match.where == [FieldCondition(field: "data.currency", op: .eq, operand: .value("RON"))])
    #expect(
      match.any == [
        [FieldCondition(field: "data.amount", op: .gte, operand: .value("1000"))],
        [
          FieldCondition(field: "data.reference", op: .prefix, operand: .value("VIP-")),
          FieldCondition(field: "tenant", op: .eq, operand: .value("acme")),
        ],
      ])
  }

  @Test func dataFieldOneTypoFromAContractNameLoadsWithAWarning() throws {
    let loaded = try load(config(match: #"{where: {data.amuont: {gt: "0"}}}"#))
    #expect(
      loaded.warnings.map(\.description) == [
        "routes.yaml:16:21: warning: route 'r' match.where tests field 'data.amuont'; did you"
          + " mean 'data.amount'?"
      ])
  }

  @Test(arguments: mistakes)
  func mistakeIsAnErrorAtItsPlace(_ row: ConditionErrorRow) throws {
    let found = errors(config(match: row.match))
    let error = try #require(found.first)
    #expect(found.count == 1, "\(found)")
    #expect(error.message == row.message)
    #expect((error.line, error.column) == (16, row.column))
  }
}
