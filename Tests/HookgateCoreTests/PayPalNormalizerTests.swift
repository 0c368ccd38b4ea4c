import Testing

@testable import HookgateCore

private func normalize(_ json: String) throws -> NormalizedEvent {
  let body = Array(json.utf8)
  let result = PayPalNormalizer().normalize(
    InboundRequest(headers: [:], body: body), payload: try JSONParser.parse(body))
  return try result.get()[0]
}

@Suite("PayPalNormalizer")
struct PayPalNormalizerTests {
  @Test func captureCompletedBecomesPaymentSucceededWithDecimalAmountAndInvoiceReference()
    throws
  {
    let body = PayPalFixtures.body
    let result = PayPalNormalizer().normalize(
      InboundRequest(headers: [:], body: body), payload: try JSONParser.parse(body))
    let event = try #require(try result.get().first)
    #expect(event.providerEventID == "WH-2WR32451HC0233532-67976317FL4543714")
    #expect(event.providerType == "PAYMENT.CAPTURE.COMPLETED")
    #expect(event.type == "payment.succeeded")
    #expect(event.occurredAt == "2026-01-15T09:59:58Z")
    #expect(event.data["amount"] == .string("150.00"))
    #expect(event.data["currency"] == .string("RON"))
    #expect(event.data["reference"] == .string("INV-001"))
  }

  @Test func referenceFallsBackToCustomIDThenToTheResourceID() throws {
    let custom = try normalize(
      #"{"id":"WH-1","event_type":"PAYMENT.CAPTURE.REFUNDED","#
        + #""resource":{"id":"R1","custom_id":"C1"}}"#)
    #expect(custom.data["reference"] == .string("C1"))
    #expect(custom.type == "payment.refunded")
    let bare = try normalize(#"{"id":"WH-2","event_type":"X.Y","resource":{"id":"R2"}}"#)
    #expect(bare.data["reference"] == .string("R2"))
    #expect(bare.type == "paypal.x.y")
  }

  @Test func amountKeepsItsDigitsAndOddValuesAreLeftOut() throws {
    let big = try normalize(
      #"{"id":"WH-1","event_type":"E","resource":{"amount":"#
        + #"{"value":"12345678901234567890.10","currency_code":"jpy"}}}"#)
    #expect(big.data["amount"] == .string("12345678901234567890.10"))
    #expect(big.data["currency"] == .string("JPY"))
    let odd = try normalize(
      #"{"id":"WH-1","event_type":"E","#
        + #""resource":{"amount":{"value":"1e3","currency_code":"USD"}}}"#)
    #expect(odd.data["amount"] == nil)
  }

  @Test func v1SaleAmountAndPayerInfoAreMapped() throws {
    let event = try normalize(
      #"{"id":"WH-1","event_type":"PAYMENT.SALE.COMPLETED","resource":{"id":"S1","#
        + #""amount":{"total":"9.90","currency":"EUR"},"payer":{"payer_info":{"payer_id":"P1","#
        + #""email":"a@b.ro","first_name":"Ana","last_name":"Pop"}}}}"#)
    #expect(event.data["amount"] == .string("9.90"))
    #expect(event.data["currency"] == .string("EUR"))
    #expect(event.data["customer"]?["id"] == .string("P1"))
    #expect(event.data["customer"]?["email"] == .string("a@b.ro"))
    #expect(event.data["customer"]?["name"] == .string("Ana Pop"))
  }

  @Test func v2PayerIsMapped() throws {
    let event = try normalize(
      #"{"id":"WH-1","event_type":"CHECKOUT.ORDER.APPROVED","#
        + #""resource":{"id":"O1","payer":{"payer_id":"P2","#
        + #""email_address":"c@d.ro","name":{"given_name":"Ion","surname":"Popa"},"#
        + #""phone":{"phone_number":{"national_number":"0700000000"}}}}}"#)
    #expect(event.data["customer"]?["id"] == .string("P2"))
    #expect(event.data["customer"]?["email"] == .string("c@d.ro"))
    #expect(event.data["customer"]?["name"] == .string("Ion Popa"))
    #expect(event.data["customer"]?["phone"] == .string("0700000000"))
  }

  @Test func missingIDOrEventTypeIsA400Reason() throws {
    let noID = PayPalNormalizer().normalize(
      InboundRequest(headers: [:], body: []),
      payload: try JSONParser.parse(Array(#"{"event_type":"E"}"#.utf8)))
    #expect(noID == .failure(.missingEventID("$.id")))
    let noType = PayPalNormalizer().normalize(
      InboundRequest(headers: [:], body: []),
      payload: try JSONParser.parse(Array(#"{"id":"WH-1"}"#.utf8)))
    #expect(noType == .failure(.missingEventType("$.event_type")))
  }
}
