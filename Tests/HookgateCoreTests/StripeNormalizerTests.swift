import Testing

@testable import HookgateCore

/// Normalizes a Stripe event body and returns its one event.
private func normalize(_ json: String) throws -> NormalizedEvent {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  let events = try StripeNormalizer().normalize(request, payload: payload).get()
  try #require(events.count == 1)
  return events[0]
}

private func failure(_ json: String) throws -> NormalizationFailure? {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  if case .failure(let failure) = StripeNormalizer().normalize(request, payload: payload) {
    return failure
  }
  return nil
}

/// A Stripe event wrapping `object`.
private func event(_ type: String, _ object: String, id: String = "evt_1QhookgateA") -> String {
  #"{"id":"\#(id)","object":"event","type":"\#(type)","created":1763726400,"livemode":false,"data":{"object":\#(object)}}"#
}

@Suite("StripeNormalizer")
struct StripeNormalizerTests {
  @Test func chargeSucceededBecomesPaymentSucceededWithAmountCurrencyCustomerAndReference() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"""
        {"id":"ch_3QhookgateA","object":"charge","amount":15000,"amount_refunded":0,
         "currency":"ron","customer":"cus_1","invoice":"in_1",
         "billing_details":{"email":"a@b.ro","phone":"+40722000000","name":"Ana Pop",
                            "address":{"city":"Cluj"}},
         "metadata":{"reference":"RES-42"}}
        """#))
    #expect(normalized.providerEventID == "evt_1QhookgateA")
    #expect(normalized.providerType == "charge.succeeded")
    #expect(normalized.type == "payment.succeeded")
    let data = normalized.data
    #expect(data["amount"] == .string("150.00"))
    #expect(data["currency"] == .string("RON"))
    #expect(data["customer"]?["id"] == .string("cus_1"))
    #expect(data["customer"]?["email"] == .string("a@b.ro"))
    #expect(data["customer"]?["phone"] == .string("+40722000000"))
    #expect(data["customer"]?["name"] == .string("Ana Pop"))
    #expect(data["reference"] == .string("RES-42"))
    #expect(data["items"] == nil)
  }

  @Test func occurredAtComesFromCreated() throws {
    let normalized = try normalize(event("charge.succeeded", #"{"id":"ch_1","object":"charge"}"#))
    #expect(normalized.occurredAt == "2025-11-21T12:00:00Z")
  }

  @Test func missingCreatedLeavesOccurredAtOut() throws {
    let normalized = try normalize(
      #"{"id":"evt_1","type":"charge.succeeded","data":{"object":{"id":"ch_1"}}}"#)
    #expect(normalized.occurredAt == nil)
  }

  @Test func metadataReferenceWinsOverInvoiceNumber() throws {
    let normalized = try normalize(
      event(
        "invoice.paid",
        #"{"id":"in_1","object":"invoice","number":"INV-0001","metadata":{"reference":"RES-7"}}"#))
    #expect(normalized.data["reference"] == .string("RES-7"))
  }

  @Test func invoiceNumberWinsOverTheInvoiceId() throws {
    let normalized = try normalize(
      event("invoice.paid", #"{"id":"in_1","object":"invoice","number":"INV-0001","metadata":{}}"#))
    #expect(normalized.data["reference"] == .string("INV-0001"))
  }

  @Test func objectInvoiceWinsOverTheObjectId() throws {
    let normalized = try normalize(
      event("charge.succeeded", #"{"id":"ch_1","object":"charge","invoice":"in_9","metadata":{}}"#))
    #expect(normalized.data["reference"] == .string("in_9"))
  }

  @Test func expandedObjectInvoiceGivesItsId() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"{"id":"ch_1","object":"charge","invoice":{"id":"in_8","object":"invoice"}}"#))
    #expect(normalized.data["reference"] == .string("in_8"))
  }

  @Test func objectIdIsTheLastResortReference() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"{"id":"ch_1","object":"charge","invoice":null,"metadata":{"reference":""}}"#))
    #expect(normalized.data["reference"] == .string("ch_1"))
  }

  @Test func invoiceNumberIsIgnoredOnObjectsThatAreNotInvoices() throws {
    let normalized = try normalize(
      event("charge.succeeded", #"{"id":"ch_1","object":"charge","number":"N-1"}"#))
    #expect(normalized.data["reference"] == .string("ch_1"))
  }

  @Test func invoicePaidWithLinesGivesItemsWithUnitPriceAsDecimalString() throws {
    let normalized = try normalize(
      event(
        "invoice.paid",
        #"""
        {"id":"in_1","object":"invoice","number":"INV-0001","amount_due":17999,
         "amount_paid":17999,"total":17999,"currency":"eur","customer":"cus_1",
         "customer_email":"a@b.ro","customer_name":"Ana Pop",
         "lines":{"object":"list","data":[
           {"id":"il_1","description":"Coffee","quantity":3,
            "price":{"id":"price_C1","product":"prod_C","unit_amount":5000}},
           {"id":"il_2","description":"Tea","quantity":1,
            "price":{"id":"price_T1","product":"prod_T","unit_amount":2999}}]}}
        """#))
    #expect(normalized.type == "invoice.paid")
    #expect(normalized.data["amount"] == .string("179.99"))
    #expect(normalized.data["currency"] == .string("EUR"))
    #expect(normalized.data["reference"] == .string("INV-0001"))
    #expect(normalized.data["customer"]?["email"] == .string("a@b.ro"))
    #expect(normalized.data["customer"]?["name"] == .string("Ana Pop"))
    let expectedItems = try JSONParser.parse(
      #"""
      [{"name":"Coffee","sku":"price_C1","quantity":3,"unit_price":"50.00"},
       {"name":"Tea","sku":"price_T1","quantity":1,"unit_price":"29.99"}]
      """#)
    #expect(normalized.data["items"] == expectedItems)
  }

  @Test func invoiceItemsInAZeroDecimalCurrencyHaveWholeUnitPrices() throws {
    let normalized = try normalize(
      event(
        "invoice.paid",
        #"""
        {"id":"in_1","object":"invoice","amount_paid":1500,"currency":"jpy",
         "lines":{"data":[{"description":"Ramen","quantity":1,"price":{"id":"price_R","unit_amount":1500}}]}}
        """#))
    #expect(normalized.data["amount"] == .string("1500"))
    #expect(normalized.data["items"]?[0]?["unit_price"] == .string("1500"))
  }

  @Test func jpyAmountHasNoDecimals() throws {
    let normalized = try normalize(
      event("charge.succeeded", #"{"id":"ch_1","object":"charge","amount":1500,"currency":"jpy"}"#))
    #expect(normalized.data["amount"] == .string("1500"))
    #expect(normalized.data["currency"] == .string("JPY"))
  }

  @Test func chargeRefundedUsesAmountRefunded() throws {
    let normalized = try normalize(
      event(
        "charge.refunded",
        #"{"id":"ch_1","object":"charge","amount":15000,"amount_refunded":5000,"currency":"ron"}"#))
    #expect(normalized.type == "payment.refunded")
    #expect(normalized.data["amount"] == .string("50.00"))
  }

  @Test func chargeSucceededUsesAmountEvenWhenSomethingWasRefundedBefore() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"{"id":"ch_1","object":"charge","amount":15000,"amount_refunded":5000,"currency":"ron"}"#))
    #expect(normalized.data["amount"] == .string("150.00"))
  }

  @Test func paymentIntentUsesAmountReceived() throws {
    let normalized = try normalize(
      event(
        "payment_intent.succeeded",
        #"{"id":"pi_1","object":"payment_intent","amount":20000,"amount_received":15000,"currency":"usd","receipt_email":"r@x.com"}"#
      ))
    #expect(normalized.type == "payment.succeeded")
    #expect(normalized.data["amount"] == .string("150.00"))
    #expect(normalized.data["customer"]?["email"] == .string("r@x.com"))
  }

  @Test func amountBeyondInt64KeepsEveryDigit() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"{"id":"ch_1","object":"charge","amount":123456789012345678901234,"currency":"eur"}"#))
    #expect(normalized.data["amount"] == .string("1234567890123456789012.34"))
  }

  @Test func amountWithoutCurrencyIsLeftOut() throws {
    let normalized = try normalize(
      event("charge.succeeded", #"{"id":"ch_1","object":"charge","amount":15000}"#))
    #expect(normalized.data["amount"] == nil)
    #expect(normalized.data["currency"] == nil)
  }

  @Test func expandedCustomerObjectGivesItsIdAndEmail() throws {
    let normalized = try normalize(
      event(
        "charge.succeeded",
        #"{"id":"ch_1","object":"charge","customer":{"id":"cus_9","email":"c@d.ro","phone":"+40"}}"#
      ))
    #expect(normalized.data["customer"]?["id"] == .string("cus_9"))
    #expect(normalized.data["customer"]?["email"] == .string("c@d.ro"))
    #expect(normalized.data["customer"]?["phone"] == .string("+40"))
  }

  @Test func unknownTypeFallsBackToStripeDotType() throws {
    let normalized = try normalize(
      event("customer.created", #"{"id":"cus_1","object":"customer"}"#))
    #expect(normalized.type == "stripe.customer.created")
  }

  @Test func missingIdGivesMissingEventID() throws {
    #expect(
      try failure(#"{"type":"charge.succeeded","data":{"object":{}}}"#) == .missingEventID("$.id"))
    #expect(try failure(#"{"id":"","type":"charge.succeeded"}"#) == .missingEventID("$.id"))
    #expect(try failure(#"{"id":42,"type":"charge.succeeded"}"#) == .missingEventID("$.id"))
  }

  @Test func missingTypeGivesMissingEventType() throws {
    #expect(try failure(#"{"id":"evt_1","data":{"object":{}}}"#) == .missingEventType("$.type"))
  }

  @Test func normalizersMakeChoosesStripeNormalizerForStripeSources() throws {
    let json = event(
      "charge.succeeded", #"{"id":"ch_1","object":"charge","amount":100,"currency":"usd"}"#)
    let source = Source(tenant: "acme", name: "stripe", provider: .stripe)
    let events = try Normalizers.make(for: source).normalize(
      InboundRequest(headers: [:], body: Array(json.utf8)), payload: try JSONParser.parse(json)
    ).get()
    #expect(events.map(\.type) == ["payment.succeeded"])
    #expect(events.first?.data["amount"] == .string("1.00"))
  }
}

@Suite("StripeNormalizer with hostile created values")
struct StripeNormalizerCreatedExtremeTests {
  @Test func mostNegativeCreatedDoesNotCrashTheNormalizer() async {
    await #expect(processExitsWith: .success) {
      let json =
        #"{"id":"evt_1","type":"charge.succeeded","created":-9223372036854775808,"data":{"object":{}}}"#
      let payload = try JSONParser.parse(json)
      _ = StripeNormalizer().normalize(
        InboundRequest(headers: [:], body: Array(json.utf8)), payload: payload)
    }
  }

  @Test func createdBeyondYear9999GivesNoInvalidOccurredAt() throws {
    let json =
      #"{"id":"evt_1","type":"charge.succeeded","created":253402300800,"data":{"object":{}}}"#
    let event = try StripeNormalizer().normalize(
      InboundRequest(headers: [:], body: Array(json.utf8)), payload: try JSONParser.parse(json)
    ).get()[0]
    #expect(event.occurredAt == nil)
  }
}
