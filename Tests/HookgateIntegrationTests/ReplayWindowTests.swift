import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Replay by time", .serialized)
struct ReplayWindowTests {
  /// Waits until the handler has this many dead letters.
  private func deadLetters(_ fixture: GatewayFixture, reach count: Int64) async -> Bool {
    await eventually {
      (try? await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer) == count
    }
  }

  @Test func untilAndSinceSelectDeadLettersByBurialTimeAndKeepTheWebhookID() async throws {
    try await GatewayFixture.with(
      handlers: ["loyalty": .init(otherwise: 500)], tuning: .init(schedule: "[100ms]")
    ) { fixture in
      let early = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_early")).eventID)
      #expect(await deadLetters(fixture, reach: 1))
      try await Task.sleep(for: .milliseconds(600))
      let between = Timestamp.rfc3339(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
      try await Task.sleep(for: .milliseconds(600))
      let late = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_late")).eventID)
      #expect(await deadLetters(fixture, reach: 2))
      #expect(fixture["loyalty"].count == 4)

      fixture["loyalty"].answer(with: .init(otherwise: 200))
      let redis = ["--redis", fixture.redis.urlString]
      let first = try await runHookgate(
        ["replay", "--handler", "loyalty", "--until", between] + redis)
      #expect(first.contains("replayed 1 dead letter"), "\(first)")
      #expect(await eventually { fixture["loyalty"].count == 5 })
      #expect(fixture["loyalty"].deliveries.last?.webhookID == early)
      #expect(fixture["loyalty"].deliveries.last?.status == 200)

      // The early one is gone from the dead letters, so an hour back finds only the late one.
      let second = try await runHookgate(
        ["replay", "--handler", "loyalty", "--since", "1h"] + redis)
      #expect(second.contains("replayed 1 dead letter"), "\(second)")
      #expect(await eventually { fixture["loyalty"].count == 6 })
      #expect(fixture["loyalty"].deliveries.last?.webhookID == late)
      #expect(await deadLetters(fixture, reach: 0))

      // A replay starts a fresh attempt count: attempt 1 again, delivered.
      let log = try await JobQueue(client: fixture.client).attempts(eventID: early)
      let attempts = log.compactMap { try? JSONParser.parse(Array($0.utf8)) }.map {
        "\($0["attempt"]?.scalarText ?? "?") \($0["outcome"]?.stringValue ?? "?")"
      }
      #expect(attempts == ["1 retry", "2 dead", "1 delivered"])
    }
  }

  @Test func sinceInTheFutureReplaysNothingAndBadTimesAreRefused() async throws {
    try await GatewayFixture.with(
      handlers: ["loyalty": .init(otherwise: 500)], tuning: .init(schedule: "[100ms]")
    ) { fixture in
      _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_stays"))
      #expect(await deadLetters(fixture, reach: 1))
      let redis = ["--redis", fixture.redis.urlString]
      let none = try await runHookgate(
        ["replay", "--handler", "loyalty", "--since", "2099-01-01T00:00:00Z"] + redis)
      #expect(none.contains("replayed 0 dead letters"), "\(none)")
      let bad = try await runHookgateWithStatus(
        ["replay", "--handler", "loyalty", "--since", "yesterday"] + redis)
      #expect(bad.status != 0)
      #expect(bad.output.contains("--since"), "\(bad.output)")
      let bare = try await runHookgateWithStatus(["replay", "--handler", "loyalty"] + redis)
      #expect(bare.status != 0)
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 1)
    }
  }
}
