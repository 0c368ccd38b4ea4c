import Testing

@testable import HookgateCore

private func normalize(_ json: String) throws -> [NormalizedEvent] {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  return try XeroNormalizer().normalize(request, payload: payload).get()
}

private func failure(_ json: String) throws -> NormalizationFailure? {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  if case .failure(let failure) = XeroNormalizer().normalize(request, payload: payload) {
    return failure
  }
  return nil
}

private let tenant = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f"

private func event(
  _ category: String, _ type: String, resource: String = "3b5ea1d4-bd7e-4c3e-8a5b-7a3c1e0f9d21",
  date: String = "2026-11-20T10:00:00.000"
) -> String {
  #"{"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/\#(resource)","resourceId":"\#(resource)","eventDateUtc":"\#(date)","eventType":"\#(type)","eventCategory":"\#(category)","tenantId":"\#(tenant)","tenantType":"ORGANISATION"}"#
}

private func body(_ events: String...) -> String {
  #"{"events":[\#(events.joined(separator: ","))],"firstEventSequence":1,"lastEventSequence":\#(events.count),"entropy":"S0MEENTR0PY"}"#
}

@Suite("XeroNormalizer")
struct XeroNormalizerTests {
  @Test func everyElementOfEventsBecomesOneEventWithACompositeID() throws {
    let events = try normalize(
      body(
        event("INVOICE", "CREATE", resource: "inv-1"), event("CONTACT", "UPDATE", resource: "c-9")))
    #expect(
      events.map(\.providerEventID) == [
        "\(tenant):inv-1:INVOICE:CREATE:2026-11-20T10:00:00.000",
        "\(tenant):c-9:CONTACT:UPDATE:2026-11-20T10:00:00.000",
      ])
    #expect(events.map(\.providerType) == ["INVOICE.CREATE", "CONTACT.UPDATE"])
    #expect(events.map { $0.data["reference"] } == [.string("inv-1"), .string("c-9")])
  }

  @Test(arguments: [
    ("INVOICE", "CREATE", "invoice.created"),
    ("INVOICE", "UPDATE", "xero.invoice.update"),
    ("CONTACT", "CREATE", "xero.contact.create"),
    ("SUBSCRIPTION", "UPDATE", "xero.subscription.update"),
  ])
  func categoryAndTypeMapToTheNormalizedType(
    _ category: String, _ type: String, _ normalized: String
  ) throws {
    #expect(try normalize(body(event(category, type))).map(\.type) == [normalized])
  }

  @Test func theSameEventResentHasTheSameIDAndALaterOneDoesNot() throws {
    let first = try normalize(body(event("INVOICE", "UPDATE")))
    let resent = try normalize(body(event("INVOICE", "UPDATE")))
    let later = try normalize(body(event("INVOICE", "UPDATE", date: "2026-11-20T10:00:01.000")))
    #expect(first[0].providerEventID == resent[0].providerEventID)
    #expect(first[0].providerEventID != later[0].providerEventID)
  }

  @Test(arguments: [
    ("2026-11-20T10:00:00.000", "2026-11-20T10:00:00Z"),
    ("2017-06-21T01:15:39.902", "2017-06-21T01:15:39.902Z"),
    ("2026-11-20T10:00:00", "2026-11-20T10:00:00Z"),
    ("2026-11-20T10:00:00.1234567", "2026-11-20T10:00:00.123Z"),
  ])
  func zonelessEventDateIsReadAsUTC(_ date: String, _ expected: String) throws {
    #expect(try normalize(body(event("INVOICE", "CREATE", date: date)))[0].occurredAt == expected)
  }

  @Test func intentToReceiveBodyIsNoEvents() throws {
    #expect(
      try normalize(
        #"{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"QWERTYUIOP"}"#
      ).isEmpty)
  }

  @Test(arguments: [
    (#"{}"#, NormalizationFailure.missingEventID("$.events")),
    (#"{"events":null}"#, .missingEventID("$.events")),
    (#"[]"#, .missingEventID("$.events")),
    (#"{"events":[{}]}"#, .missingEventType("$.events[0].eventCategory")),
    (#"{"events":[{"eventCategory":"INVOICE"}]}"#, .missingEventType("$.events[0].eventType")),
    (
      #"{"events":[{"eventCategory":"INVOICE","eventType":"CREATE","resourceId":"r","eventDateUtc":"d"}]}"#,
      .missingEventID("$.events[0].tenantId")
    ),
    (
      #"{"events":[{"eventCategory":"INVOICE","eventType":"CREATE","tenantId":"t","eventDateUtc":"d"}]}"#,
      .missingEventID("$.events[0].resourceId")
    ),
    (
      #"{"events":[{"eventCategory":"INVOICE","eventType":"CREATE","tenantId":"t","resourceId":"r"}]}"#,
      .missingEventID("$.events[0].eventDateUtc")
    ),
  ])
  func aBodyWithAnyEventLackingItsIDOrTypeIsRefusedWhole(
    _ json: String, _ expected: NormalizationFailure
  ) throws {
    #expect(try failure(json) == expected)
  }
}
