import Foundation
import HookgateCore
import Testing

@Suite("Events index written by the accept script", .serialized)
struct EventIndexTests {
  @Test func aNewEventIsIndexedOnceWithItsEnvelopeForTheDedupWindow() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let body = TestConfig.stripeCharge(id: "evt_indexed")
      let eventID = try #require(try await fixture.sendStripe(body).eventID)
      #expect(try await fixture.sendStripe(body).isDuplicate == true)

      #expect(try await fixture.client.send(["XLEN", "hookgate:events"]).integer == 1)
      let entry = try await fixture.client.send(["XRANGE", "hookgate:events", "-", "+"])
      let fields = entry.array?.first?.array?.last?.array?.compactMap(\.string) ?? []
      #expect(
        fields == [
          "id", eventID, "tenant", "acme", "source", "stripe", "type", "payment.succeeded",
          "handlers", "loyalty",
        ])
      let key = "hookgate:event:\(eventID)"
      let envelope = try await fixture.client.send(["HGET", key, "envelope"]).bytes ?? []
      #expect((try? JSONParser.parse(envelope))?["id"]?.stringValue == eventID)
      #expect(try await fixture.client.send(["HGET", key, "handlers"]).string == "loyalty")
      // The test configuration's dedupe window is one hour. The expiry is set once no job
      // shares the stored envelope any more: here, once the delivery is done.
      #expect(await eventually { fixture["loyalty"].count == 1 })
      var ttl: Int64 = -3
      #expect(
        await eventually {
          ttl = (try? await fixture.client.send(["TTL", key]).integer) ?? -3
          return ttl >= 0
        })
      #expect((3500...3600).contains(ttl), "TTL \(ttl)")
    }
  }

  @Test func hookgateEventTTLShortensHowLongEnvelopesAreKept() async throws {
    var setup = GatewayFixture.Setup.admin()
    setup.environment["HOOKGATE_EVENT_TTL"] = "10m"
    try await GatewayFixture.with(setup) { fixture in
      let eventID = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_short")).eventID)
      var ttl: Int64 = -3
      #expect(
        await eventually {
          ttl =
            (try? await fixture.client.send(["TTL", "hookgate:event:\(eventID)"]).integer) ?? -3
          return ttl >= 0
        })
      #expect((500...600).contains(ttl), "TTL \(ttl)")
      // The dedup key keeps the full window.
      let dedup = try await fixture.client.send(["TTL", "hookgate:dedup:\(eventID)"]).integer ?? -1
      #expect(dedup > 3000)
    }
  }

  @Test func anUnroutedEventIsIndexedWithNoHandlers() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let body = Array(
        #"{"id":"evt_nobody","object":"event","type":"customer.created","created":1763726400,"data":{"object":{"id":"cus_1","object":"customer"}}}"#
          .utf8)
      let eventID = try #require(try await fixture.sendStripe(body).eventID)
      let listed = try await AdminClient(fixture).get("/admin/events?status=unrouted")
      #expect(listed.items.compactMap { $0["id"]?.stringValue } == [eventID])
      #expect(listed.items.first?["handlers"] == .array([]))
      let replay = try await AdminClient(fixture).post("/admin/events/\(eventID)/replay")
      #expect(replay.status == 409)
      #expect(replay.reason == "unrouted")
    }
  }
}
