import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Rate limit shared by gateway instances", .serialized)
struct RateLimitTests {
  @Test func permitsAreSpacedByTheEmissionIntervalAndAnUnusedOneCanBeGivenBack() async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    let queue = JobQueue(client: client)
    let rate = Rate(count: 3, per: .seconds(1))
    do {
      #expect(try await queue.takeRatePermit(handler: "invoices", rate: rate) == nil)
      let wait = try #require(try await queue.takeRatePermit(handler: "invoices", rate: rate))
      // A third of a second, less the few microseconds between the two calls.
      #expect(wait > .milliseconds(300) && wait <= .microseconds(333_334), "wait \(wait)")
      let stored = try await client.send(["GET", "hookgate:rate:invoices"]).integer
      #expect(stored != nil)
      let ttl = try await client.send(["PTTL", "hookgate:rate:invoices"]).integer ?? -1
      #expect(ttl > 0 && ttl <= 1334, "ttl \(ttl)")

      try await queue.returnRatePermit(handler: "invoices", rate: rate)
      #expect(try await queue.takeRatePermit(handler: "invoices", rate: rate) == nil)
      // Another handler has its own budget.
      #expect(try await queue.takeRatePermit(handler: "loyalty", rate: rate) == nil)
    } catch {
      await client.shutdown()
      await redis.stop()
      throw error
    }
    await client.shutdown()
    await redis.stop()
  }

  @Test func threePerSecondHoldsWithinTenPercentAcrossTwoInstancesOverThirtySeconds()
    async throws
  {
    try await GatewayFixture.with(
      .init(handlers: ["invoices": .init()], handlerSettings: ["invoices": ["rate_limit: 3/s"]])
    ) { fixture in
      try await fixture.withSecondInstance { second in
        // A backlog that outlasts the measurement: 115 jobs at 3/s is 38 s of work.
        for index in 0..<115 {
          let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_rl_\(index)"))
          #expect(reply.status == 200)
        }
        #expect(await eventually { fixture["invoices"].count > 0 })
        let first = try #require(fixture["invoices"].deliveries.first).receivedAt
        // Steady state: from 3 s after the first delivery, for 30 s.
        let windowStart = first + .seconds(3)
        let windowEnd = windowStart + .seconds(30)
        try await Task.sleep(until: windowEnd + .milliseconds(200))
        let arrivals = fixture["invoices"].deliveries.map(\.receivedAt)
        let inWindow = arrivals.filter { $0 >= windowStart && $0 < windowEnd }.count
        #expect((81...99).contains(inWindow), "\(inWindow) deliveries in 30 s (expected 90 ± 10%)")
        // Never a burst: any four deliveries span about a second (10% for arrival jitter).
        let sorted = arrivals.filter { $0 >= windowStart && $0 < windowEnd }.sorted()
        let spans = sorted.indices.dropFirst(3).map { sorted[$0] - sorted[$0 - 3] }
        let shortest = spans.min() ?? .zero
        #expect(shortest >= .milliseconds(900), "4 deliveries within \(shortest)")
        #expect(arrivals.count < 115, "the backlog drained before the window ended")
        // Both instances took their share of the one budget.
        let firstShare = fixture.gateway.logs.components(separatedBy: "delivered").count - 1
        let secondShare = second.logs.components(separatedBy: "delivered").count - 1
        #expect(firstShare > 0 && secondShare > 0, "deliveries: \(firstShare) and \(secondShare)")
        print(
          "rate limit: \(inWindow) deliveries in 30 s, any 4 spanning at least \(shortest);"
            + " instances delivered \(firstShare)"
            + " and \(secondShare)")
      }
    }
  }
}
