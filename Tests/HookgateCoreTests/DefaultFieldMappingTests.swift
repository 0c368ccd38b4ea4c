import Testing

@testable import HookgateCore

/// One normalized value a provider's default mapping must produce from a payload.
struct DefaultFieldRow: Sendable, CustomTestStringConvertible {
  var provider: ProviderKind
  var payload: String
  /// `occurred_at` or a dotted path into `data` (a number indexes a list).
  var field: String
  var expected: JSONValue?

  init(_ provider: ProviderKind, _ payload: String, _ field: String, _ expected: JSONValue?) {
    self.provider = provider
    self.payload = payload
    self.field = field
    self.expected = expected
  }

  var testDescription: String { "\(provider.rawValue) \(field)" }
}

private let stripeCharge = #"""
  {"id":"evt_1","type":"charge.succeeded","created":1795168800,"data":{"object":{
   "object":"charge","id":"ch_1","amount":15000,"currency":"ron","customer":"cus_1",
   "billing_details":{"email":"a@b.ro","phone":"+40722","name":"Ana Pop"},
   "metadata":{"reference":"INV-001"}}}}
  """#
private let stripeYen = #"""
  {"id":"evt_2","type":"charge.succeeded","data":{"object":{"object":"charge","id":"ch_2",
   "amount":1500,"currency":"jpy"}}}
  """#
private let stripeDinar = #"""
  {"id":"evt_3","type":"charge.refunded","data":{"object":{"object":"charge","id":"ch_3",
   "amount":20000,"amount_refunded":1500,"currency":"kwd","invoice":"in_9"}}}
  """#
private let stripeInvoice = #"""
  {"id":"evt_4","type":"invoice.paid","data":{"object":{"object":"invoice","id":"in_1",
   "number":"ACME-0042","amount_paid":12345,"currency":"eur","customer_email":"c@d.ro",
   "lines":{"data":[{"description":"Coffee","quantity":3,"price":{"id":"price_1",
   "unit_amount":5000}}]}}}}
  """#
private let paypalCapture = #"""
  {"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","create_time":"2026-11-20T12:00:00+02:00",
   "resource":{"id":"CAP-1","amount":{"value":"150.10","currency_code":"ron"},
   "invoice_id":"INV-7","custom_id":"C-7"}}
  """#
private let paypalCustom = #"""
  {"id":"WH-2","event_type":"PAYMENT.SALE.COMPLETED","resource":{"id":"SALE-1",
   "amount":{"total":"9.99","currency":"USD"},"custom_id":"C-8",
   "payer":{"payer_info":{"email":"p@q.ro","first_name":"Ion","last_name":"Popa"}}}}
  """#
private let paypalBare = #"""
  {"id":"WH-3","event_type":"PAYMENT.CAPTURE.DENIED","resource":{"id":"CAP-3",
   "amount":{"value":"1,50","currency_code":"EUR"}}}
  """#
private let squarePayment = #"""
  {"merchant_id":"M1","type":"payment.updated","event_id":"sq-evt-1",
   "created_at":"2026-11-20T10:00:00.123Z","data":{"type":"payment","id":"P1","object":{
   "payment":{"id":"P1","amount_money":{"amount":15000,"currency":"RON"},
   "total_money":{"amount":15150,"currency":"RON"},"customer_id":"SQC1",
   "buyer_email_address":"s@q.ro","reference_id":"R-1","order_id":"O-1"}}}}
  """#
private let squareInvoice = #"""
  {"merchant_id":"M1","type":"invoice.payment_made","event_id":"sq-evt-2",
   "created_at":"2026-11-20T10:00:00Z","data":{"type":"invoice","id":"I1","object":{
   "invoice":{"id":"I1","invoice_number":"000042","payment_requests":[
   {"computed_amount_money":{"amount":1234,"currency":"JPY"}}],
   "primary_recipient":{"customer_id":"SQC2","given_name":"Ana","family_name":"Pop",
   "email_address":"ana@pop.ro","phone_number":"+40733"}}}}}
  """#
private let squareRefund = #"""
  {"type":"refund.created","event_id":"sq-evt-3","created_at":"2026-11-20T10:00:00Z",
   "data":{"type":"refund","id":"RF1","object":{"refund":{"id":"RF1",
   "amount_money":{"amount":500,"currency":"USD"},"payment_id":"P1","order_id":"O-9"}}}}
  """#
private let quickbooksClassic = #"""
  {"eventNotifications":[{"realmId":"R1","dataChangeEvent":{"entities":[{"name":"Invoice",
   "id":"130","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000-08:00"}]}}]}
  """#
private let xeroEvent = #"""
  {"events":[{"resourceId":"X-INV-1","eventDateUtc":"2026-11-20T10:00:00.000",
   "eventType":"CREATE","eventCategory":"INVOICE","tenantId":"T1"}]}
  """#

/// Every default mapping DESIGN.md names, per provider.
private let rows: [DefaultFieldRow] = [
  // Stripe: amounts in minor units with the currency's exponent.
  DefaultFieldRow(.stripe, stripeCharge, "amount", .string("150.00")),
  DefaultFieldRow(.stripe, stripeCharge, "currency", .string("RON")),
  DefaultFieldRow(.stripe, stripeYen, "amount", .string("1500")),
  DefaultFieldRow(.stripe, stripeDinar, "amount", .string("1.500")),
  DefaultFieldRow(.stripe, stripeInvoice, "amount", .string("123.45")),
  DefaultFieldRow(.stripe, stripeCharge, "customer.id", .string("cus_1")),
  DefaultFieldRow(.stripe, stripeCharge, "customer.email", .string("a@b.ro")),
  DefaultFieldRow(.stripe, stripeCharge, "customer.phone", .string("+40722")),
  DefaultFieldRow(.stripe, stripeCharge, "customer.name", .string("Ana Pop")),
  DefaultFieldRow(.stripe, stripeInvoice, "customer.email", .string("c@d.ro")),
  DefaultFieldRow(.stripe, stripeCharge, "occurred_at", .string("2026-11-20T10:00:00Z")),
  // data.reference: metadata.reference, else the invoice number, else invoice, else the id.
  DefaultFieldRow(.stripe, stripeCharge, "reference", .string("INV-001")),
  DefaultFieldRow(.stripe, stripeInvoice, "reference", .string("ACME-0042")),
  DefaultFieldRow(.stripe, stripeDinar, "reference", .string("in_9")),
  DefaultFieldRow(.stripe, stripeYen, "reference", .string("ch_2")),
  DefaultFieldRow(.stripe, stripeInvoice, "items.0.name", .string("Coffee")),
  DefaultFieldRow(.stripe, stripeInvoice, "items.0.sku", .string("price_1")),
  DefaultFieldRow(.stripe, stripeInvoice, "items.0.quantity", .number("3")),
  DefaultFieldRow(.stripe, stripeInvoice, "items.0.unit_price", .string("50.00")),
  // PayPal: resource.amount.value + currency_code (v1: total + currency), decimal text.
  DefaultFieldRow(.paypal, paypalCapture, "amount", .string("150.10")),
  DefaultFieldRow(.paypal, paypalCapture, "currency", .string("RON")),
  DefaultFieldRow(.paypal, paypalCustom, "amount", .string("9.99")),
  DefaultFieldRow(.paypal, paypalCustom, "currency", .string("USD")),
  DefaultFieldRow(.paypal, paypalBare, "amount", nil),
  DefaultFieldRow(.paypal, paypalCapture, "reference", .string("INV-7")),
  DefaultFieldRow(.paypal, paypalCustom, "reference", .string("C-8")),
  DefaultFieldRow(.paypal, paypalBare, "reference", .string("CAP-3")),
  DefaultFieldRow(.paypal, paypalCustom, "customer.email", .string("p@q.ro")),
  DefaultFieldRow(.paypal, paypalCustom, "customer.name", .string("Ion Popa")),
  DefaultFieldRow(.paypal, paypalCapture, "occurred_at", .string("2026-11-20T10:00:00Z")),
  // Square: Money in minor units.
  DefaultFieldRow(.square, squarePayment, "amount", .string("151.50")),
  DefaultFieldRow(.square, squarePayment, "currency", .string("RON")),
  DefaultFieldRow(.square, squareInvoice, "amount", .string("1234")),
  DefaultFieldRow(.square, squareInvoice, "currency", .string("JPY")),
  DefaultFieldRow(.square, squareRefund, "amount", .string("5.00")),
  DefaultFieldRow(.square, squarePayment, "customer.id", .string("SQC1")),
  DefaultFieldRow(.square, squarePayment, "customer.email", .string("s@q.ro")),
  DefaultFieldRow(.square, squareInvoice, "customer.id", .string("SQC2")),
  DefaultFieldRow(.square, squareInvoice, "customer.email", .string("ana@pop.ro")),
  DefaultFieldRow(.square, squareInvoice, "customer.phone", .string("+40733")),
  DefaultFieldRow(.square, squareInvoice, "customer.name", .string("Ana Pop")),
  DefaultFieldRow(.square, squarePayment, "reference", .string("R-1")),
  DefaultFieldRow(.square, squareInvoice, "reference", .string("000042")),
  DefaultFieldRow(.square, squareRefund, "reference", .string("O-9")),
  DefaultFieldRow(.square, squarePayment, "occurred_at", .string("2026-11-20T10:00:00.123Z")),
  // Batched providers: the entity is the reference.
  DefaultFieldRow(.quickbooks, quickbooksClassic, "reference", .string("130")),
  DefaultFieldRow(.quickbooks, quickbooksClassic, "occurred_at", .string("2026-11-20T18:00:00Z")),
  DefaultFieldRow(.xero, xeroEvent, "reference", .string("X-INV-1")),
  DefaultFieldRow(.xero, xeroEvent, "occurred_at", .string("2026-11-20T10:00:00Z")),
]

/// The value at `field` of an event: `occurred_at`, or a dotted path into `data`.
func normalizedValue(_ event: NormalizedEvent, _ field: String) -> JSONValue? {
  if field == "occurred_at" { return event.occurredAt.map(JSONValue.string) }
  var value: JSONValue? = event.data
  for part in field.split(separator: ".") {
    value = Int(part).map { value?[$0] } ?? value?[String(part)]
  }
  return value
}

func normalizeFirst(_ source: Source, _ json: String) throws -> NormalizedEvent {
  let payload = try JSONParser.parse(json)
  let events = try Normalizers.make(for: source).normalize(
    InboundRequest(headers: [:], body: Array(json.utf8)), payload: payload
  ).get()
  return try #require(events.first)
}

@Suite("Default field mappings")
struct DefaultFieldMappingTests {
  @Test(arguments: rows)
  func providerDefaultFillsTheNormalizedField(_ row: DefaultFieldRow) throws {
    let source = Source(tenant: "acme", name: "src", provider: row.provider)
    let event = try normalizeFirst(source, row.payload)
    #expect(normalizedValue(event, row.field) == row.expected)
  }

  @Test func squareKeepsItsEventIdAndTypeAndTheTypeTable() throws {
    let source = Source(tenant: "acme", name: "sq", provider: .square)
    let event = try normalizeFirst(source, squareInvoice)
    #expect(event.providerEventID == "sq-evt-2")
    #expect(event.type == "invoice.paid")
  }

  @Test func sourceFieldsWinOverTheProvidersDefaults() throws {
    var source = Source(tenant: "acme", name: "stripe", provider: .stripe)
    source.fields = [
      "reference": .jsonPath(try JSONPath(parsing: "$.data.object.id")),
      "customer.phone": .header("X-Phone"),
    ]
    let payload = try JSONParser.parse(stripeCharge)
    let event = try #require(
      try Normalizers.make(for: source).normalize(
        InboundRequest(headers: ["x-phone": "+40799"], body: Array(stripeCharge.utf8)),
        payload: payload
      ).get().first)
    #expect(event.data["reference"] == .string("ch_1"))
    #expect(event.data["customer"]?["phone"] == .string("+40799"))
    #expect(event.data["customer"]?["email"] == .string("a@b.ro"))
    #expect(event.data["amount"] == .string("150.00"))
  }

  @Test func squareMoneyMappedByFieldsComesFromMinorUnits() throws {
    var source = Source(tenant: "acme", name: "sq", provider: .square)
    source.fields = [
      "amount": .jsonPath(try JSONPath(parsing: "$.data.object.payment.amount_money"))
    ]
    let event = try normalizeFirst(source, squarePayment)
    #expect(event.data["amount"] == .string("150.00"))
    #expect(event.data["currency"] == .string("RON"))
  }
}
