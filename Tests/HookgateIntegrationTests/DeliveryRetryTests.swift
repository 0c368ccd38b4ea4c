import Foundation
import HookgateCore
import Testing

@Suite("Delivery retries and dead letters", .serialized)
struct DeliveryRetryTests {
  @Test func handlerFailingTwiceGetsExactlyThreeAttemptsWithGrowingGaps() async throws {
    let script = Receiver.Script(statuses: [500, 500])
    try await GatewayFixture.with(
      handlers: ["loyalty": script],
      tuning: .init(schedule: "[300ms, 900ms, 5s]")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_flaky"))
      #expect(reply.status == 200)

      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 3 })
      try await Task.sleep(for: .seconds(1))
      let attempts = fixture["loyalty"].deliveries
      #expect(attempts.map(\.status) == [500, 500, 200])
      #expect(Set(attempts.compactMap(\.webhookID)) == [reply.eventID])
      guard attempts.count == 3 else { return }
      let firstGap = attempts[1].receivedAt - attempts[0].receivedAt
      let secondGap = attempts[2].receivedAt - attempts[1].receivedAt
      #expect(firstGap >= .milliseconds(300), "first gap \(firstGap)")
      #expect(secondGap >= .milliseconds(900), "second gap \(secondGap)")
      #expect(secondGap > firstGap)
      #expect(try await fixture.client.send(["ZCARD", "hookgate:retry:loyalty"]).integer == 0)
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)
    }
  }

  @Test func throttledHandlerIsRetriedAfterTheDelayItAskedFor() async throws {
    let script = Receiver.Script(statuses: [429], retryAfter: "2")
    try await GatewayFixture.with(
      handlers: ["loyalty": script], tuning: .init(schedule: "[100ms, 100ms]")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_throttled"))
      #expect(reply.status == 200)
      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 2 })
      let attempts = fixture["loyalty"].deliveries
      #expect(attempts.map(\.status) == [429, 200])
      guard attempts.count == 2 else { return }
      let gap = attempts[1].receivedAt - attempts[0].receivedAt
      // The schedule says 100 ms; the handler asked for 2 s.
      #expect(gap >= .milliseconds(1900), "retried after \(gap)")
      #expect(gap < .seconds(4), "retried after \(gap)")
    }
  }

  @Test func exhaustedJobIsDeadLetteredAndReplayDeliversItWithTheSameWebhookID() async throws {
    try await GatewayFixture.with(
      handlers: ["loyalty": .init(otherwise: 500)],
      tuning: .init(schedule: "[100ms, 100ms]")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_doomed"))
      let eventID = try #require(reply.eventID)

      #expect(
        await eventually {
          (try? await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer) == 1
        })
      #expect(fixture["loyalty"].count == 3)
      let dead = try await fixture.client.send(["XRANGE", "hookgate:dead:loyalty", "-", "+"])
      let blob = try #require(dead.array?.first?.array?[1].array?[1].bytes)
      let job = try DeliveryJob(decoding: blob)
      #expect(job.eventID == eventID)
      #expect(job.attempts == 3)
      #expect(job.lastError == "HTTP 500")

      fixture["loyalty"].answer(with: .init(otherwise: 200))
      let output = try await runHookgate([
        "replay", "--handler", "loyalty", "--all", "--redis", fixture.redis.urlString,
      ])
      #expect(output.contains("replayed 1 dead letter"))

      #expect(await eventually { fixture["loyalty"].count == 4 })
      let last = try #require(fixture["loyalty"].deliveries.last)
      #expect(last.status == 200)
      #expect(last.webhookID == eventID)
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)
    }
  }
}
