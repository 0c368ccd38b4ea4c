import Testing

@testable import HookgateCore

/// A source's `types:` entry, a payload of its provider, and the type the envelope gets.
struct OverrideRow: Sendable, CustomTestStringConvertible {
  var provider: ProviderKind
  var types: [String: String]
  var payload: String
  var expected: String
  var testDescription: String { "\(provider.rawValue) \(types) → \(expected)" }
}

private let stripe = #"{"id":"evt_1","type":"charge.succeeded","data":{"object":{}}}"#
private let stripeUnknown = #"{"id":"evt_2","type":"checkout.session.completed"}"#
private let paypal = #"{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}"#
private let billing = #"{"id":"B1","type":"order.paid"}"#
private let square = #"{"event_id":"S1","type":"invoice.payment_made"}"#
private let xero = #"""
  {"events":[{"resourceId":"R","eventDateUtc":"2026-11-20T10:00:00","eventType":"UPDATE",
   "eventCategory":"INVOICE","tenantId":"T"}]}
  """#

private let overrides: [OverrideRow] = [
  // Extends: a type the table does not know.
  OverrideRow(
    provider: .hmac, types: ["order.paid": "sale.completed"], payload: billing,
    expected: "sale.completed"),
  OverrideRow(
    provider: .stripe, types: ["checkout.session.completed": "sale.completed"],
    payload: stripeUnknown, expected: "sale.completed"),
  OverrideRow(
    provider: .xero, types: ["INVOICE.UPDATE": "invoice.updated"], payload: xero,
    expected: "invoice.updated"),
  // Overrides: beats the built-in table.
  OverrideRow(
    provider: .stripe, types: ["charge.succeeded": "payment.captured"], payload: stripe,
    expected: "payment.captured"),
  OverrideRow(
    provider: .paypal, types: ["PAYMENT.CAPTURE.COMPLETED": "sale.completed"], payload: paypal,
    expected: "sale.completed"),
  OverrideRow(
    provider: .square, types: ["invoice.payment_made": "invoice.settled"], payload: square,
    expected: "invoice.settled"),
  // Entries for other types leave the table alone; the match is exact.
  OverrideRow(
    provider: .stripe, types: ["charge.refunded": "x.y"], payload: stripe,
    expected: "payment.succeeded"),
  OverrideRow(
    provider: .hmac, types: ["Order.Paid": "sale.completed"], payload: billing,
    expected: "hmac.order.paid"),
]

@Suite("types: overrides")
struct TypeOverrideTests {
  @Test(arguments: overrides)
  func sourceTypesMapBeatsOrExtendsTheTable(_ row: OverrideRow) throws {
    var source = Source(tenant: "acme", name: "src", provider: row.provider)
    source.types = row.types
    let event = try normalizeFirst(source, row.payload)
    #expect(event.type == row.expected)
  }

  @Test func loaderReadsTypesAndRefusesGlobsOrSpaces() throws {
    let yaml = """
      version: 1
      tenants:
        acme:
          sources:
            billing:
              provider: hmac
              secrets: [s]
              signature: {header: X-Signature}
              types: {"order.paid": sale.completed, "Refund.Issued": payment.refunded}
      """
    let loaded = try ConfigLoader.load(yaml: yaml, file: "r.yaml", environment: [:])
    #expect(
      loaded.config.source(tenant: "acme", source: "billing")?.types
        == ["order.paid": "sale.completed", "Refund.Issued": "payment.refunded"])

    let bad = yaml.replacingOccurrences(of: "payment.refunded", with: "payment.*")
    #expect(throws: ConfigErrors.self) {
      try ConfigLoader.load(yaml: bad, file: "r.yaml", environment: [:])
    }
    do {
      _ = try ConfigLoader.load(yaml: bad, file: "r.yaml", environment: [:])
    } catch {
      #expect(
        error.errors.map(\.description) == [
          "r.yaml:9:64: source acme/billing types 'Refund.Issued' maps to 'payment.*'; a"
            + " normalized type has no spaces or '*' (like sale.completed)"
        ])
    }
  }

  @Test func fieldsOnABatchedProviderDrawAWarning() throws {
    let yaml = """
      version: 1
      tenants:
        acme:
          sources:
            qb:
              provider: quickbooks
              secrets: [s]
              fields: {amount: "$.x"}
      """
    let loaded = try ConfigLoader.load(yaml: yaml, file: "r.yaml", environment: [:])
    #expect(
      loaded.warnings.map(\.description).contains(
        "r.yaml:8:9: warning: source acme/qb: fields is not applied to provider quickbooks,"
          + " whose bodies carry several events"))
  }
}
