import Testing

@testable import HookgateCore

private func path(_ text: String) -> ValueLocator {
  do {
    return .jsonPath(try JSONPath(parsing: text))
  } catch {
    fatalError("\(error)")
  }
}

/// The `billing` source of DESIGN.md's routes.yaml.
private func billingSource(
  eventID: ValueLocator = path("$.invoice_number"),
  extraFields: [String: ValueLocator] = [:]
) -> Source {
  var fields: [String: ValueLocator] = [
    "customer.phone": path("$.customer_phone"),
    "amount": path("$.total_amount"),
    "reference": path("$.invoice_number"),
    "items": path("$.products"),
    "occurred_at": path("$.sale_date"),
  ]
  fields.merge(extraFields) { _, new in new }
  return Source(
    tenant: "acme", name: "billing", provider: .hmac,
    secrets: [Secret("billing-shared-secret")],
    signature: SignatureFormat(header: "X-Signature", encoding: .hex, prefix: "sha256="),
    eventID: eventID, eventType: path("$.event"), fields: fields)
}

private let saleCompleted = #"""
  {"event":"sale.completed","invoice_number":"INV-9","customer_phone":"+40722",
   "total_amount":"150.00",
   "products":[{"name":"Coffee","sku":"C1","quantity":3,"price":"50.00"}],
   "sale_date":"2026-11-20T10:00:00Z"}
  """#

private func normalize(
  _ json: String, source: Source = billingSource(), headers: HeaderFields = [:]
) -> Result<[NormalizedEvent], NormalizationFailure> {
  let payload: JSONValue
  do {
    payload = try JSONParser.parse(json)
  } catch {
    fatalError("test payload is not JSON: \(error)")
  }
  return MappedFieldsNormalizer(source: source).normalize(
    InboundRequest(headers: headers, body: Array(json.utf8)), payload: payload)
}

private func single(
  _ json: String, source: Source = billingSource(), headers: HeaderFields = [:]
) throws -> NormalizedEvent {
  let events = try normalize(json, source: source, headers: headers).get()
  try #require(events.count == 1)
  return events[0]
}

@Suite("MappedFieldsNormalizer")
struct MappedFieldsNormalizerTests {
  @Test func billingSaleBecomesSaleCompletedWithTheMappedFields() throws {
    let event = try single(saleCompleted)
    #expect(event.providerEventID == "INV-9")
    #expect(event.providerType == "sale.completed")
    #expect(event.type == "sale.completed")
    #expect(event.occurredAt == "2026-11-20T10:00:00Z")
    #expect(event.data["customer"]?["phone"] == .string("+40722"))
    #expect(event.data["amount"] == .string("150.00"))
    #expect(event.data["reference"] == .string("INV-9"))
    #expect(event.data["occurred_at"] == nil)
  }

  @Test func mappedItemsKeepTheProvidersArray() throws {
    let event = try single(saleCompleted)
    let items = try #require(event.data["items"])
    #expect(items[0]?["name"] == .string("Coffee"))
    #expect(items[0]?["sku"] == .string("C1"))
    #expect(items[0]?["quantity"] == .number("3"))
    #expect(items[1] == nil)
  }

  @Test func dataFieldOrderIsTheSameOnEveryRun() throws {
    let first = try single(saleCompleted)
    let second = try single(saleCompleted)
    #expect(JSONWriter.encode(first.data) == JSONWriter.encode(second.data))
  }

  @Test(arguments: ["150.10", "150.00", "0.1", "12345678901234567890.10", "-3.50", "150"])
  func numericAmountKeepsItsLiteralText(_ literal: String) throws {
    let json = #"{"event":"sale.completed","invoice_number":"INV-9","total_amount":\#(literal)}"#
    let event = try single(json)
    #expect(event.data["amount"] == .string(literal))
  }

  @Test func currencyIsUpperCased() throws {
    let source = billingSource(extraFields: ["currency": path("$.currency")])
    let event = try single(
      #"{"event":"sale.completed","invoice_number":"INV-9","currency":"ron"}"#, source: source)
    #expect(event.data["currency"] == .string("RON"))
  }

  @Test func fieldsThePayloadLacksAreLeftOut() throws {
    let event = try single(
      #"{"event":"sale.completed","invoice_number":"INV-9","customer_phone":null}"#)
    #expect(event.data == .object([("reference", .string("INV-9"))]))
    #expect(event.occurredAt == nil)
  }

  @Test func paymentReceivedBecomesPaymentSucceeded() throws {
    let event = try single(#"{"event":"payment.received","invoice_number":"INV-10"}"#)
    #expect(event.type == "payment.succeeded")
    #expect(event.providerType == "payment.received")
  }

  @Test func unknownBillingTypeFallsBackToHmacDotLowerCasedType() throws {
    let event = try single(#"{"event":"Refund.Issued","invoice_number":"INV-11"}"#)
    #expect(event.type == "hmac.refund.issued")
    #expect(event.providerType == "Refund.Issued")
  }

  @Test func numericEventIdIsUsedAsItsLiteralText() throws {
    let event = try single(#"{"event":"sale.completed","invoice_number":90210}"#)
    #expect(event.providerEventID == "90210")
  }

  @Test func eventIdFromAHeaderLocator() throws {
    let source = billingSource(eventID: .header("X-Event-Id"))
    let event = try single(saleCompleted, source: source, headers: ["x-event-id": "evt-77"])
    #expect(event.providerEventID == "evt-77")
    #expect(event.data["reference"] == .string("INV-9"))
  }

  @Test func missingEventIdFails() {
    let result = normalize(#"{"event":"sale.completed","total_amount":"1.00"}"#)
    #expect(result == .failure(.missingEventID("$.invoice_number")))
  }

  @Test func emptyEventIdFails() {
    let result = normalize(#"{"event":"sale.completed","invoice_number":""}"#)
    #expect(result == .failure(.missingEventID("$.invoice_number")))
  }

  @Test func objectEventIdFails() {
    let result = normalize(#"{"event":"sale.completed","invoice_number":{"n":1}}"#)
    #expect(result == .failure(.missingEventID("$.invoice_number")))
  }

  @Test func missingEventIdHeaderFailsNamingTheHeader() {
    let result = normalize(saleCompleted, source: billingSource(eventID: .header("X-Event-Id")))
    #expect(result == .failure(.missingEventID("header X-Event-Id")))
  }

  @Test func missingEventTypeFails() {
    let result = normalize(#"{"invoice_number":"INV-9"}"#)
    #expect(result == .failure(.missingEventType("$.event")))
  }

  @Test func sourceWithoutLocatorsReadsIdAndTypeFromTheBody() throws {
    let source = Source(tenant: "acme", name: "sq", provider: .square)
    // Square's event id is its `event_id` member (`id` is absent from its events).
    let event = try single(#"{"event_id":"sq_1","type":"payment.updated"}"#, source: source)
    #expect(event.providerEventID == "sq_1")
    #expect(event.type == "square.payment.updated")
  }

  @Test func normalizersMakeChoosesTheMappedNormalizerForHMACSources() throws {
    let payload = try JSONParser.parse(saleCompleted)
    let events = try Normalizers.make(for: billingSource()).normalize(
      InboundRequest(headers: [:], body: Array(saleCompleted.utf8)), payload: payload
    ).get()
    #expect(events.map(\.providerEventID) == ["INV-9"])
  }

  /// DESIGN.md's envelope contract names `data.items[].unit_price`: a wildcard path gives
  /// each item the value under its own element.
  @Test func mappedItemsUnitPriceFieldGivesEachItemAUnitPrice() throws {
    let source = billingSource(extraFields: ["items.unit_price": path("$.products[*].price")])
    let event = try single(saleCompleted, source: source)
    #expect(event.data["items"]?[0]?["unit_price"] == .string("50.00"))
    #expect(event.data["items"]?[0]?["name"] == .string("Coffee"))
    #expect(event.data["items"]?[1] == nil)
  }

  @Test func mappedItemsUnitPriceWithAScalarPathKeepsItemsAnArray() throws {
    let source = billingSource(extraFields: ["items.unit_price": path("$.products[0].price")])
    let event = try single(saleCompleted, source: source)
    guard case .array(let items)? = event.data["items"] else {
      Issue.record("data.items is no longer an array: \(String(describing: event.data["items"]))")
      return
    }
    #expect(items.count == 1)
    #expect(items[0]["unit_price"] == .string("50.00"))
  }
}
