import Foundation
import HookgateCore
import Testing

@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
  @Test func eventAcceptedBeforeAKillNineIsDeliveredAfterRestart() async throws {
    try await GatewayFixture.with(
      startReceivers: false,
      tuning: .patient
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_survivor"))
      #expect(reply.status == 200)
      // The handler is down: the first attempt fails and the job waits for its retry.
      #expect(
        await eventually {
          (try? await fixture.client.send(["ZCARD", "hookgate:retry:loyalty"]).integer) == 1
        })

      await fixture.gateway.kill()
      try await fixture["loyalty"].start()
      try await fixture.gateway.start()

      #expect(await eventually { fixture["loyalty"].count >= 1 })
      try await Task.sleep(for: .milliseconds(800))
      let deliveries = fixture["loyalty"].deliveries
      #expect(deliveries.count == 1)
      #expect(deliveries.first?.webhookID == reply.eventID)
      #expect(deliveries.first.map { standardWebhooksSignatureIsValid($0) } == true)
    }
  }

  @Test func jobHeldByAKilledWorkerIsTakenOverAfterTheVisibilityTimeout() async throws {
    // The first request hangs long enough for the gateway to die holding the job.
    let script = Receiver.Script(delay: .seconds(4), delayFirst: 1)
    try await GatewayFixture.with(
      handlers: ["loyalty": script],
      tuning: .init(visibilityTimeout: "1s", handlerTimeout: "20s")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_orphan"))
      #expect(reply.status == 200)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      let pending = try await fixture.client.send(["XPENDING", "hookgate:jobs:loyalty", "hookgate"])
      #expect(pending.array?.first?.integer == 1)

      await fixture.gateway.kill()
      try await fixture.gateway.start()

      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 2 })
      let deliveries = fixture["loyalty"].deliveries
      #expect(deliveries.map(\.webhookID) == [reply.eventID, reply.eventID])
      #expect(
        await eventually {
          (try? await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer) == 0
        })
    }
  }
}
