import Foundation
import HookgateCore
import Testing

@Suite("Redis outages", .serialized)
struct RedisOutageTests {
  @Test func redisDownAnswers503QuicklyAndTheGatewayRecoversWhenItReturns() async throws {
    try await GatewayFixture.with(startReceivers: false, tuning: .patient) { fixture in
      // Accepted while the handler is down, so it is still queued when Redis restarts.
      let before = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_before_outage"))
      #expect(before.status == 200)

      await fixture.redis.stop()
      let started = ContinuousClock.now
      let during = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_during_outage"))
      let elapsed = ContinuousClock.now - started
      #expect(during.status == 503)
      #expect(during.retryAfter != nil)
      #expect(during.reason == "store_unavailable")
      #expect(elapsed < .seconds(3), "503 took \(elapsed)")
      let ready = try await fixture.http.request(
        "http://127.0.0.1:\(fixture.gateway.adminPort)/readyz", method: "GET")
      #expect(ready.status == 503)

      try await fixture.redis.start()
      try await fixture["loyalty"].start()
      let after = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_after_outage"))
      #expect(after.status == 200)
      #expect(after.isDuplicate == false)
      // The provider retries the refused event; now it is accepted.
      let retried = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_during_outage"))
      #expect(retried.status == 200 && retried.isDuplicate == false)

      #expect(await eventually(timeout: .seconds(15)) { fixture["loyalty"].count == 3 })
      let delivered = Set(fixture["loyalty"].deliveries.compactMap(\.webhookID))
      #expect(delivered == Set([before.eventID, after.eventID, retried.eventID].compactMap { $0 }))
    }
  }
}
