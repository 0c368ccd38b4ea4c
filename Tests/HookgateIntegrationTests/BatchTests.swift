import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// Batched providers through the real binary: a QuickBooks or Xero body becomes one event per
/// entity, accepted together in one script call, each deduplicated on its own composite id.
@Suite("Batched payloads", .serialized)
struct BatchTests {
  @Test func threeEntityQuickBooksBodyIsAcceptedWholeAndEachEntityDeliveredOnce() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let body = BatchSources.quickbooks(["130", "131", "132"])
      let reply = try await fixture.sendQuickBooks(body)
      #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
      #expect(reply.json?["received"] == .bool(true))
      let items = reply.batchItems
      #expect(items.count == 3)
      #expect(items.allSatisfy { $0.duplicate == false })
      #expect(Set(items.map(\.id)).count == 3)

      #expect(await eventually { fixture["loyalty"].count == 3 })
      try await Task.sleep(for: .milliseconds(500))
      let deliveries = fixture["loyalty"].deliveries
      #expect(deliveries.count == 3)
      #expect(Set(deliveries.compactMap(\.webhookID)) == Set(items.map(\.id)))
      let envelopes = try deliveries.map { try JSONParser.parse($0.body) }
      let byReference = Dictionary(
        uniqueKeysWithValues: envelopes.compactMap { envelope in
          envelope["data"]?["reference"]?.stringValue.map { ($0, envelope) }
        })
      #expect(byReference.keys.sorted() == ["130", "131", "132"])
      let first = try #require(byReference["130"])
      #expect(first["type"] == .string("payment.succeeded"))
      #expect(first["provider"] == .string("quickbooks"))
      #expect(first["provider_type"] == .string("Payment.Create"))
      #expect(
        first["provider_event_id"]
          == .string("\(BatchSources.realm):Payment:130:Create:2026-11-20T10:00:00.000Z"))
      #expect(first["occurred_at"] == .string("2026-11-20T10:00:00Z"))
      #expect(first["payload"] == (try JSONParser.parse(body)))
      for delivery in deliveries { #expect(standardWebhooksSignatureIsValid(delivery)) }
    }
  }

  @Test func resentQuickBooksBodyIsAllDuplicatesAndDeliversNothingAgain() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let body = BatchSources.quickbooks(["130", "131", "132"])
      let first = try await fixture.sendQuickBooks(body)
      #expect(first.status == 200)
      #expect(await eventually { fixture["loyalty"].count == 3 })
      // The attempt logs are written when the jobs leave the stream, just after the receiver
      // answered: count keys once that happened.
      #expect(
        await eventually {
          (try? await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer) == 0
        })
      let keysAfterFirst = try await fixture.keyCount()

      let again = try await fixture.sendQuickBooks(body)
      #expect(again.status == 200)
      #expect(again.batchItems.map(\.duplicate) == [true, true, true])
      #expect(again.batchItems.map(\.id) == first.batchItems.map(\.id))
      try await Task.sleep(for: .milliseconds(700))
      #expect(fixture["loyalty"].count == 3)
      #expect(try await fixture.keyCount() == keysAfterFirst)
    }
  }

  @Test func bodyWithOneNewEntityAndTwoSeenOnesDeliversOnlyTheNewOne() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let first = try await fixture.sendQuickBooks(BatchSources.quickbooks(["130", "131"]))
      #expect(first.status == 200)
      #expect(await eventually { fixture["loyalty"].count == 2 })

      let mixed = try await fixture.sendQuickBooks(BatchSources.quickbooks(["130", "133", "131"]))
      #expect(mixed.status == 200)
      #expect(mixed.batchItems.map(\.duplicate) == [true, false, true])
      #expect(mixed.batchItems[0].id == first.batchItems[0].id)
      #expect(mixed.batchItems[2].id == first.batchItems[1].id)

      #expect(await eventually { fixture["loyalty"].count == 3 })
      try await Task.sleep(for: .milliseconds(700))
      let deliveries = fixture["loyalty"].deliveries
      #expect(deliveries.count == 3)
      #expect(deliveries.last?.webhookID == mixed.batchItems[1].id)
    }
  }

  @Test func theSameChangeListedTwiceInOneBodyIsDeliveredOnce() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let reply = try await fixture.sendQuickBooks(BatchSources.quickbooks(["140", "140"]))
      #expect(reply.status == 200)
      #expect(reply.batchItems.map(\.duplicate) == [false, true])
      #expect(reply.batchItems.first?.id == reply.batchItems.last?.id)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(700))
      #expect(fixture["loyalty"].count == 1)
    }
  }

  @Test func batchRefusedWhileRedisIsDownIsAcceptedWholeWhenResent() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let body = BatchSources.quickbooks(["150", "151", "152"])
      await fixture.redis.stop()
      let during = try await fixture.sendQuickBooks(body)
      #expect(during.status == 503)
      #expect(during.retryAfter != nil)

      try await fixture.redis.start()
      let retried = try await fixture.sendQuickBooks(body)
      #expect(retried.status == 200)
      #expect(retried.batchItems.map(\.duplicate) == [false, false, false])
      #expect(await eventually(timeout: .seconds(15)) { fixture["loyalty"].count == 3 })
    }
  }

  @Test func quickBooksBodyWithOneBrokenEntityIsRefusedWholeAndStoresNothing() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let before = try await fixture.storeSnapshot()
      let body = Array(
        #"{"eventNotifications":[{"realmId":"\#(BatchSources.realm)","dataChangeEvent":{"entities":[{"name":"Payment","id":"1","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000Z"},{"name":"Payment","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000Z"}]}}]}"#
          .utf8)
      let reply = try await fixture.sendQuickBooks(body)
      #expect(reply.status == 400)
      #expect(reply.reason == "missing_event_id")
      #expect(try await fixture.storeSnapshot() == before)
    }
  }

  @Test func xeroIntentToReceiveGets200ForAGoodSignatureAnd401ForBadOnes() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let before = try await fixture.storeSnapshot()
      let body = BatchSources.xeroIntentToReceive

      let good = try await fixture.sendXero(body)
      #expect(good.status == 200)
      #expect(good.json == .object([("received", .bool(true)), ("events", .array([]))]))

      let wrongKey = try await fixture.sendXero(body, key: "not-the-webhook-key")
      #expect(wrongKey.status == 401)
      let otherBody = Array(
        #"{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"OTHERENTROPY"}"#
          .utf8)
      let signedForAnotherBody = try await fixture.send(
        otherBody, headers: BatchSources.xeroHeaders(body: body), source: "xero")
      #expect(signedForAnotherBody.status == 401)
      let unsigned = try await fixture.send(
        body, headers: [("Content-Type", "application/json")], source: "xero")
      #expect(unsigned.status == 401)

      #expect(try await fixture.storeSnapshot() == before)
    }
  }

  @Test func xeroIntentToReceiveIsAnsweredWithoutRedis() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      await fixture.redis.stop()
      let reply = try await fixture.sendXero(BatchSources.xeroIntentToReceive)
      #expect(reply.status == 200)
      #expect(reply.json?["events"] == .array([]))
      try await fixture.redis.start()
    }
  }

  @Test func xeroEventsAreAcceptedAndDeliveredOnceEach() async throws {
    try await GatewayFixture.withBatchSources { fixture in
      let body = BatchSources.xero([("INVOICE", "CREATE", "inv-1"), ("INVOICE", "UPDATE", "inv-1")])
      let reply = try await fixture.sendXero(body)
      #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
      #expect(reply.batchItems.map(\.duplicate) == [false, false])

      #expect(await eventually { fixture["loyalty"].count == 2 })
      try await Task.sleep(for: .milliseconds(500))
      let envelopes = try fixture["loyalty"].deliveries.map { try JSONParser.parse($0.body) }
      #expect(envelopes.count == 2)
      let types = Set(envelopes.compactMap { $0["type"]?.stringValue })
      #expect(types == ["invoice.created", "xero.invoice.update"])
      #expect(envelopes.allSatisfy { $0["data"]?["reference"] == .string("inv-1") })
      #expect(envelopes.allSatisfy { $0["occurred_at"] == .string("2026-11-20T10:00:00Z") })

      let again = try await fixture.sendXero(body)
      #expect(again.batchItems.map(\.duplicate) == [true, true])
    }
  }
}

/// The QuickBooks and Xero sources these tests add to `TestConfig.yaml`, their keys (in the
/// environment, as in production) and the bodies the providers send.
enum BatchSources {
  static let quickbooksToken = "test-batch-quickbooks-verifier-token"
  static let xeroKey = "test-batch-xero-webhook-key"
  static let realm = "1185883450"
  static let xeroTenant = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f"

  static let secrets: [String: String] = [
    "TEST_BATCH_QUICKBOOKS_TOKEN": quickbooksToken,
    "TEST_BATCH_XERO_KEY": xeroKey,
  ]

  static let yaml = """
    quickbooks:
      provider: quickbooks
      secrets: ["${TEST_BATCH_QUICKBOOKS_TOKEN}"]
    xero:
      provider: xero
      secrets: ["${TEST_BATCH_XERO_KEY}"]
    """

  static let routes = """
      - name: everything
        match: {type: "*"}
        to: [loyalty]
    """

  /// Xero's intent-to-receive request: no events.
  static let xeroIntentToReceive = Array(
    #"{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"S0MEENTR0PY"}"#.utf8)

  /// A notification of one realm with a `Payment.Create` per id.
  static func quickbooks(_ paymentIDs: [String]) -> [UInt8] {
    let entities = paymentIDs.map {
      #"{"name":"Payment","id":"\#($0)","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000Z"}"#
    }
    return Array(
      #"{"eventNotifications":[{"realmId":"\#(realm)","dataChangeEvent":{"entities":[\#(entities.joined(separator: ","))]}}]}"#
        .utf8)
  }

  static func xero(_ events: [(category: String, type: String, resource: String)]) -> [UInt8] {
    let items = events.map {
      #"{"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/\#($0.resource)","resourceId":"\#($0.resource)","eventDateUtc":"2026-11-20T10:00:00.000","eventType":"\#($0.type)","eventCategory":"\#($0.category)","tenantId":"\#(xeroTenant)","tenantType":"ORGANISATION"}"#
    }
    return Array(
      #"{"events":[\#(items.joined(separator: ","))],"firstEventSequence":1,"lastEventSequence":\#(events.count),"entropy":"S0MEENTR0PY"}"#
        .utf8)
  }

  /// Both providers sign the body alone: base64 HMAC-SHA256 keyed with the token / key.
  static func signature(body: [UInt8], key: String) -> String {
    ByteEncoding.base64(Crypto.hmacSHA256(key: Array(key.utf8), message: body))
  }

  static func quickbooksHeaders(body: [UInt8], token: String = quickbooksToken)
    -> [(name: String, value: String)]
  {
    [("Content-Type", "application/json"), ("intuit-signature", signature(body: body, key: token))]
  }

  static func xeroHeaders(body: [UInt8], key: String = xeroKey) -> [(name: String, value: String)] {
    [("Content-Type", "application/json"), ("x-xero-signature", signature(body: body, key: key))]
  }
}

extension GatewayFixture {
  func sendQuickBooks(_ body: [UInt8]) async throws -> TestHTTP.Reply {
    try await send(body, headers: BatchSources.quickbooksHeaders(body: body), source: "quickbooks")
  }

  func sendXero(_ body: [UInt8], key: String = BatchSources.xeroKey) async throws
    -> TestHTTP.Reply
  {
    try await send(body, headers: BatchSources.xeroHeaders(body: body, key: key), source: "xero")
  }

  /// A fixture whose config has `BatchSources` besides the usual Stripe and billing sources,
  /// one `loyalty` handler, and a route taking every type to it.
  static func withBatchSources<T>(_ body: (GatewayFixture) async throws -> T) async throws -> T {
    try await with(
      Setup(
        routes: BatchSources.routes, extraSources: BatchSources.yaml,
        environment: BatchSources.secrets), body)
  }
}

extension TestHTTP.Reply {
  /// The `events` of a batch answer, in body order.
  var batchItems: [(id: String, duplicate: Bool)] {
    guard case .array(let items)? = json?["events"] else { return [] }
    return items.compactMap { item in
      guard let id = item["id"]?.stringValue, case .bool(let duplicate)? = item["duplicate"] else {
        return nil
      }
      return (id, duplicate)
    }
  }
}
