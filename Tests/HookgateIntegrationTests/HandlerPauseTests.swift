import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Handler pause on 410 Gone, and hookgate pause/resume", .serialized)
struct HandlerPauseTests {
  @Test func goneAnswerPausesTheHandlerKeepsItsJobsAndResumeDeliversThem() async throws {
    // One retry at most: were the 410 to use up an attempt, the job could not survive it.
    try await GatewayFixture.with(
      handlers: ["loyalty": .init(statuses: [410])], tuning: .init(schedule: "[200ms]")
    ) { fixture in
      let first = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_gone"))
      let goneID = try #require(first.eventID)
      #expect(
        await eventually {
          (try? await fixture.client.send(["EXISTS", "hookgate:paused:loyalty"]).integer) == 1
        })
      let stored = try await fixture.client.send(["GET", "hookgate:paused:loyalty"])
      let pause = try JSONParser.parse(try #require(stored.bytes))
      #expect(pause["reason"]?.stringValue == "the handler answered 410 Gone")
      #expect(pause["since"]?.stringValue?.hasSuffix("Z") == true)

      // A read already blocking when the 410 came back may still take one job: let it end.
      try await Task.sleep(for: .milliseconds(300))
      var later: [String] = []
      for index in 0..<4 {
        later.append(
          try #require(
            try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_later_\(index)")).eventID)
        )
      }
      // Paused: nothing more reaches the handler, and every job is still in Redis.
      try await Task.sleep(for: .milliseconds(2500))
      #expect(fixture["loyalty"].count == 1)
      let queued = try await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer ?? 0
      let waiting = try await fixture.client.send(["ZRANGE", "hookgate:retry:loyalty", "0", "-1"])
      #expect(queued + Int64(waiting.array?.count ?? 0) == 5)
      // The 410'd job waits with its attempt not counted.
      let parked = try (waiting.array ?? []).compactMap(\.bytes).map {
        try DeliveryJob(decoding: $0)
      }
      #expect(parked.map(\.eventID) == [goneID])
      #expect(parked.first?.attempts == 0)
      #expect(parked.first?.lastError == "HTTP 410")
      #expect(fixture.gateway.logs.contains("handler loyalty paused: it answered 410 Gone"))
      #expect(fixture.gateway.logs.contains(#""level":"error""#))

      let resumed = try await runHookgate([
        "resume", "--handler", "loyalty", "--redis", fixture.redis.urlString,
      ])
      #expect(resumed.contains("resumed loyalty"))
      #expect(await eventually { fixture["loyalty"].count == 6 })
      let delivered = fixture["loyalty"].deliveries.dropFirst()
      #expect(delivered.allSatisfy { $0.status == 200 })
      #expect(Set(delivered.compactMap(\.webhookID)) == Set([goneID] + later))
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:loyalty"]).integer == 0)
      #expect(fixture.gateway.logs.contains("handler loyalty resumed"))
    }
  }

  @Test func pauseCommandStopsEveryInstanceUntilResume() async throws {
    try await GatewayFixture.with(handlers: ["loyalty": .init()]) { fixture in
      try await fixture.withSecondInstance { second in
        let paused = try await runHookgate([
          "pause", "--handler", "loyalty", "--reason", "receiver maintenance", "--redis",
          fixture.redis.urlString,
        ])
        #expect(paused.contains("paused loyalty since"))
        #expect(paused.contains("receiver maintenance"))
        let queue = JobQueue(client: fixture.client)
        #expect(try await queue.pauseState(handler: "loyalty")?.reason == "receiver maintenance")
        // Instances look about once a second.
        try await Task.sleep(for: .milliseconds(1500))

        var held: [String] = []
        for index in 0..<4 {
          let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_held_\(index)"))
          held.append(try #require(reply.eventID))
        }
        try await Task.sleep(for: .seconds(2))
        #expect(fixture["loyalty"].count == 0)
        #expect(try await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer == 4)
        #expect(second.logs.contains("handler loyalty is paused"))

        #expect(try await queue.resume(handler: "loyalty"))
        #expect(try await queue.resume(handler: "loyalty") == false)
        #expect(await eventually { fixture["loyalty"].count == 4 })
        #expect(Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)) == Set(held))
        let again = try await runHookgate([
          "resume", "--handler", "loyalty", "--redis", fixture.redis.urlString,
        ])
        #expect(again.contains("loyalty was not paused"))
      }
    }
  }
}
