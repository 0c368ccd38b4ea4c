import Foundation
import HookgateCore
import Testing

@Suite("Circuit breaker and outages against a real receiver", .serialized)
struct CircuitBreakerIntegrationTests {
  private static func breakerState(_ fixture: GatewayFixture) async -> String? {
    try? await fixture.client.send(["HGET", "hookgate:breaker:loyalty", "state"]).string
  }

  @Test func breakerOpensStopsAttemptsProbesAndClosesWhenTheHandlerRecovers() async throws {
    // Ten quick retries: without the breaker, five jobs would make dozens of attempts.
    let schedule = "[" + Array(repeating: "200ms", count: 10).joined(separator: ", ") + "]"
    try await GatewayFixture.with(
      .init(
        handlers: ["loyalty": .init(otherwise: 500)],
        tuning: .init(
          schedule: schedule,
          breaker: "{failures: 3, cooldown: 2s, max_cooldown: 4s, successes: 2}"))
    ) { fixture in
      var sent: [String] = []
      for index in 0..<5 {
        let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_cb_\(index)"))
        sent.append(try #require(reply.eventID))
      }
      #expect(await eventually { await Self.breakerState(fixture) == "open" })
      let failures = try await fixture.client.send(
        ["HGET", "hookgate:breaker:loyalty", "failures"]
      ).integer
      #expect((failures ?? 0) >= 3)
      // Attempts already in flight when it opened finish; then nothing reaches the handler.
      try await Task.sleep(for: .milliseconds(300))
      let whileOpen = fixture["loyalty"].count
      try await Task.sleep(for: .milliseconds(1200))
      #expect(fixture["loyalty"].count == whileOpen, "attempts while the breaker was open")
      #expect(whileOpen <= 3 + 5, "attempts before it opened: \(whileOpen)")

      // After the cool-down one probe goes through, fails, and the breaker reopens.
      #expect(await eventually(timeout: .seconds(5)) { fixture["loyalty"].count == whileOpen + 1 })
      #expect(await eventually { await Self.breakerState(fixture) == "open" })
      let afterProbe = fixture["loyalty"].count
      #expect(afterProbe == whileOpen + 1)

      fixture["loyalty"].answer(with: .init(otherwise: 200))
      #expect(
        await eventually(timeout: .seconds(15)) { await Self.breakerState(fixture) == "closed" })
      #expect(
        await eventually {
          Set(fixture["loyalty"].deliveries.filter { $0.status == 200 }.compactMap(\.webhookID))
            == Set(sent)
        })
      let total = fixture["loyalty"].count
      #expect(total <= whileOpen + 1 + 2 + 5, "attempts in all: \(total)")
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)
      let logs = fixture.gateway.logs
      #expect(logs.contains("circuit breaker open: deliveries to loyalty wait"))
      #expect(logs.contains("circuit breaker half-open: probing loyalty"))
      #expect(logs.contains("circuit breaker closed: loyalty recovered"))
    }
  }

  @Test func jobsAcceptedDuringAnOutageAreAllDeliveredAfterRecovery() async throws {
    // The outage compressed into seconds: short retries and a short breaker cool-down.
    let schedule = "[200ms, 400ms, 800ms, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]"
    try await GatewayFixture.with(
      .init(
        handlers: ["loyalty": .init()], startReceivers: false,
        tuning: .init(schedule: schedule, breaker: "{cooldown: 500ms, max_cooldown: 1s}"))
    ) { fixture in
      var sent: [String] = []
      for index in 0..<20 {
        let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_outage_\(index)"))
        #expect(reply.status == 200)
        sent.append(try #require(reply.eventID))
      }
      try await Task.sleep(for: .seconds(3))
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)

      try await fixture["loyalty"].start()
      #expect(
        await eventually(timeout: .seconds(20)) {
          Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)) == Set(sent)
        })
      #expect(fixture["loyalty"].deliveries.allSatisfy { $0.status == 200 })
      #expect(
        await eventually {
          (try? await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer) == 0
        })
      #expect(try await fixture.client.send(["ZCARD", "hookgate:retry:loyalty"]).integer == 0)
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)
    }
  }
}
