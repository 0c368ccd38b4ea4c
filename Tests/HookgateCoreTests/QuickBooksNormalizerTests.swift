import Testing

@testable import HookgateCore

private func normalize(_ json: String) throws -> [NormalizedEvent] {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  return try QuickBooksNormalizer().normalize(request, payload: payload).get()
}

private func failure(_ json: String) throws -> NormalizationFailure? {
  let payload = try JSONParser.parse(json)
  let request = InboundRequest(headers: [:], body: Array(json.utf8))
  if case .failure(let failure) = QuickBooksNormalizer().normalize(request, payload: payload) {
    return failure
  }
  return nil
}

/// One classic entity change, as QuickBooks lists it under `dataChangeEvent.entities`.
private func entity(
  _ name: String, _ id: String, _ operation: String,
  _ lastUpdated: String = "2026-11-20T10:00:00.000Z"
) -> String {
  #"{"name":"\#(name)","id":"\#(id)","operation":"\#(operation)","lastUpdated":"\#(lastUpdated)"}"#
}

private func notification(realm: String = "1185883450", _ entities: String...) -> String {
  #"{"realmId":"\#(realm)","dataChangeEvent":{"entities":[\#(entities.joined(separator: ","))]}}"#
}

private func body(_ notifications: String...) -> String {
  #"{"eventNotifications":[\#(notifications.joined(separator: ","))]}"#
}

struct QuickBooksTypeRow: Sendable, CustomTestStringConvertible {
  var name: String
  var operation: String
  var normalized: String

  init(_ name: String, _ operation: String, _ normalized: String) {
    self.name = name
    self.operation = operation
    self.normalized = normalized
  }

  var testDescription: String { "\(name).\(operation) → \(normalized)" }
}

@Suite("QuickBooksNormalizer")
struct QuickBooksNormalizerTests {
  @Test func everyEntityOfEveryNotificationBecomesOneEventInBodyOrder() throws {
    let events = try normalize(
      body(
        notification(entity("Invoice", "130", "Create"), entity("Payment", "77", "Create")),
        notification(realm: "9130", entity("Customer", "5", "Update"))))
    #expect(
      events.map(\.providerEventID) == [
        "1185883450:Invoice:130:Create:2026-11-20T10:00:00.000Z",
        "1185883450:Payment:77:Create:2026-11-20T10:00:00.000Z",
        "9130:Customer:5:Update:2026-11-20T10:00:00.000Z",
      ])
    #expect(events.map(\.providerType) == ["Invoice.Create", "Payment.Create", "Customer.Update"])
    #expect(
      events.map(\.type) == ["invoice.created", "payment.succeeded", "quickbooks.customer.update"])
    #expect(events.map { $0.data["reference"] } == [.string("130"), .string("77"), .string("5")])
  }

  @Test(arguments: [
    QuickBooksTypeRow("Invoice", "Create", "invoice.created"),
    QuickBooksTypeRow("Invoice", "Void", "invoice.voided"),
    QuickBooksTypeRow("Payment", "Create", "payment.succeeded"),
    QuickBooksTypeRow("SalesReceipt", "Create", "sale.completed"),
    QuickBooksTypeRow("RefundReceipt", "Create", "payment.refunded"),
    QuickBooksTypeRow("Invoice", "Update", "quickbooks.invoice.update"),
    QuickBooksTypeRow("Invoice", "Delete", "quickbooks.invoice.delete"),
    QuickBooksTypeRow("Customer", "Merge", "quickbooks.customer.merge"),
  ])
  func entityAndOperationMapToTheNormalizedType(_ row: QuickBooksTypeRow) throws {
    let events = try normalize(body(notification(entity(row.name, "1", row.operation))))
    #expect(events.map(\.type) == [row.normalized])
  }

  @Test func theSameChangeResentHasTheSameIDAndALaterChangeOfTheEntityDoesNot() throws {
    let first = try normalize(body(notification(entity("Invoice", "130", "Update"))))
    let resent = try normalize(body(notification(entity("Invoice", "130", "Update"))))
    let later = try normalize(
      body(notification(entity("Invoice", "130", "Update", "2026-11-20T10:05:00.000Z"))))
    let otherRealm = try normalize(
      body(notification(realm: "42", entity("Invoice", "130", "Update"))))
    #expect(first[0].providerEventID == resent[0].providerEventID)
    #expect(first[0].providerEventID != later[0].providerEventID)
    #expect(first[0].providerEventID != otherRealm[0].providerEventID)
  }

  @Test(arguments: [
    ("2026-11-20T10:00:00.000Z", "2026-11-20T10:00:00Z"),
    ("2026-11-20T10:00:00.657Z", "2026-11-20T10:00:00.657Z"),
    ("2015-10-05T14:42:19-07:00", "2015-10-05T21:42:19Z"),
    ("2015-10-05T14:42:19-0700", "2015-10-05T21:42:19Z"),
  ])
  func lastUpdatedBecomesOccurredAtInUTC(_ lastUpdated: String, _ expected: String) throws {
    let events = try normalize(body(notification(entity("Invoice", "1", "Create", lastUpdated))))
    #expect(events[0].occurredAt == expected)
  }

  @Test func anUnreadableLastUpdatedStillIdentifiesTheChangeButGivesNoOccurredAt() throws {
    let events = try normalize(body(notification(entity("Invoice", "1", "Create", "yesterday"))))
    #expect(events[0].providerEventID == "1185883450:Invoice:1:Create:yesterday")
    #expect(events[0].occurredAt == nil)
  }

  @Test func numericIDsAreReadAsTheirText() throws {
    let events = try normalize(
      #"{"eventNotifications":[{"realmId":1185883450,"dataChangeEvent":{"entities":[{"name":"Invoice","id":130,"operation":"Create","lastUpdated":"2026-11-20T10:00:00Z"}]}}]}"#
    )
    #expect(events[0].providerEventID == "1185883450:Invoice:130:Create:2026-11-20T10:00:00Z")
  }

  @Test func anEmptyNotificationListIsNoEvents() throws {
    #expect(try normalize(#"{"eventNotifications":[]}"#).isEmpty)
    #expect(try normalize("[]").isEmpty)
  }

  @Test(arguments: [
    (#"{}"#, NormalizationFailure.missingEventID("$.eventNotifications")),
    (#"{"eventNotifications":{}}"#, .missingEventID("$.eventNotifications")),
    (#"{"eventNotifications":[{}]}"#, .missingEventID("$.eventNotifications[0].realmId")),
    (
      #"{"eventNotifications":[{"realmId":"1","dataChangeEvent":{}}]}"#,
      .missingEventID("$.eventNotifications[0].dataChangeEvent.entities")
    ),
    (
      #"{"eventNotifications":[{"realmId":"1","dataChangeEvent":{"entities":[{"id":"1","operation":"Create","lastUpdated":"x"}]}}]}"#,
      .missingEventType("$.eventNotifications[0].dataChangeEvent.entities[0].name")
    ),
    (
      #"{"eventNotifications":[{"realmId":"1","dataChangeEvent":{"entities":[{"name":"Invoice","id":"1","lastUpdated":"x"}]}}]}"#,
      .missingEventType("$.eventNotifications[0].dataChangeEvent.entities[0].operation")
    ),
    (
      #"{"eventNotifications":[{"realmId":"1","dataChangeEvent":{"entities":[{"name":"Invoice","id":"","operation":"Create","lastUpdated":"x"}]}}]}"#,
      .missingEventID("$.eventNotifications[0].dataChangeEvent.entities[0].id")
    ),
    (
      #"{"eventNotifications":[{"realmId":"1","dataChangeEvent":{"entities":[{"name":"Invoice","id":"1","operation":"Create"}]}}]}"#,
      .missingEventID("$.eventNotifications[0].dataChangeEvent.entities[0].lastUpdated")
    ),
    (#"[{"type":"qbo.invoice.created.v1"}]"#, .missingEventID("$[0].id")),
    (#"[{"id":"a"},{"id":"b","type":"x"}]"#, .missingEventType("$[0].type")),
    (#"[1]"#, .missingEventID("$[0].id")),
    (#""text""#, .missingEventID("$.eventNotifications")),
  ])
  func aBodyWithAnyEntityLackingItsIDOrTypeIsRefusedWhole(
    _ json: String, _ expected: NormalizationFailure
  ) throws {
    #expect(try failure(json) == expected)
  }

  @Test func oneBadEntityRefusesTheWholeBatch() throws {
    let good = entity("Invoice", "1", "Create")
    let bad = #"{"name":"Invoice","operation":"Create","lastUpdated":"x"}"#
    #expect(
      try failure(body(notification(good), notification(good, bad)))
        == .missingEventID("$.eventNotifications[1].dataChangeEvent.entities[1].id"))
  }

  @Test func cloudEventsArrayBecomesOneEventPerElementKeyedByItsID() throws {
    let events = try normalize(
      #"""
      [{"specversion":"1.0","id":"88cd52aa-33b6-4351-9aa4-47572edbd068",
        "source":"intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=",
        "type":"qbo.invoice.created.v1","datacontenttype":"application/json",
        "time":"2026-11-20T21:31:25.179851517Z","intuitentityid":"95","intuitaccountid":"310687",
        "data":{}},
       {"specversion":"1.0","id":"0f6c1a5e-1111-4c2b-9d1e-2b7c1d7f0a10","type":"qbo.customer.updated.v1",
        "time":"2026-11-20T21:31:26Z","intuitentityid":"7","intuitaccountid":"310687"}]
      """#)
    #expect(events.count == 2)
    #expect(events[0].providerEventID == "88cd52aa-33b6-4351-9aa4-47572edbd068")
    #expect(events[0].providerType == "qbo.invoice.created.v1")
    #expect(events[0].type == "invoice.created")
    #expect(events[0].occurredAt == "2026-11-20T21:31:25.179Z")
    #expect(events[0].data == .object([("reference", .string("95"))]))
    #expect(events[1].type == "quickbooks.qbo.customer.updated.v1")
    #expect(events[1].occurredAt == "2026-11-20T21:31:26Z")
  }
}
