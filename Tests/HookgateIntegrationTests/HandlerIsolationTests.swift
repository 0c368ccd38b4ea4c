import Foundation
import HookgateCore
import Testing

/// A Stripe `charge.refunded` event: routed (below) to the bad handlers as well.
private func refund(id: String) -> [UInt8] {
  Array(
    String(decoding: TestConfig.stripeCharge(id: id), as: UTF8.self)
      .replacingOccurrences(of: "charge.succeeded", with: "charge.refunded").utf8)
}

/// The 99th percentile (nearest rank) of `samples`.
private func p99(_ samples: [Duration]) -> Duration {
  let sorted = samples.sorted()
  return sorted[max(0, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
}

@Suite("Handler isolation and per-handler delivery settings", .serialized)
struct HandlerIsolationTests {
  /// Sends `count` events one after another, each after the previous was delivered to
  /// `fast`, and returns each delivery's latency (accepted → arrived at the receiver).
  private func latencies(
    _ fixture: GatewayFixture, count: Int, prefix: String, body: (String) -> [UInt8]
  ) async throws -> [Duration] {
    var samples: [Duration] = []
    for index in 0..<count {
      let before = fixture["fast"].count
      let sentAt = ContinuousClock.now
      let reply = try await fixture.send(
        body("\(prefix)_\(index)"),
        headers: TestConfig.stripeHeaders(body: body("\(prefix)_\(index)")))
      #expect(reply.status == 200)
      guard await eventually(every: .milliseconds(2), { fixture["fast"].count > before }) else {
        Issue.record("event \(index) never reached the fast handler")
        return samples
      }
      let arrived = fixture["fast"].deliveries[before].receivedAt
      samples.append(arrived - sentAt)
      try await Task.sleep(for: .milliseconds(10))
    }
    return samples
  }

  @Test func hangingAndRefusingHandlersDoNotSlowAnotherHandler() async throws {
    let hole = BlackHole()
    let routes = """
        - name: healthy-only
          match: {type: payment.succeeded}
          to: [fast]
        - name: everyone
          match: {type: payment.refunded}
          to: [fast, hanging, refusing]
      """
    try await GatewayFixture.with(
      .init(
        handlers: ["fast": .init()],
        tuning: .init(schedule: "[100ms, 100ms, 100ms]", handlerTimeout: "1s"),
        routes: routes,
        handlerSettings: ["hanging": ["concurrency: 4"]],
        handlerURLs: ["hanging": hole.url, "refusing": "http://127.0.0.1:\(freePort())/events"])
    ) { fixture in
      // Warm up (connections, JIT of the first paths), then the baseline with healthy peers.
      _ = try await latencies(
        fixture, count: 5, prefix: "evt_warm", body: { TestConfig.stripeCharge(id: $0) })
      let baseline = try await latencies(
        fixture, count: 150, prefix: "evt_base", body: { TestConfig.stripeCharge(id: $0) })

      // Now every event also goes to a handler that never answers (each attempt holds one of
      // its four in-flight slots until the 1 s timeout) and one whose port is closed.
      let degraded = try await latencies(fixture, count: 150, prefix: "evt_bad", body: refund)

      // 150 samples each: the p99 is the 149th, so one scheduling hiccup does not decide it.
      let before = p99(baseline)
      let after = p99(degraded)
      // 2x the baseline, with 20 ms for scheduling noise on a shared two-core machine.
      #expect(after <= before * 2 + .milliseconds(20), "p99 \(before) before, \(after) after")
      let logs = fixture.gateway.logs
      #expect(
        logged(logs, level: "warning", containing: #""handler":"hanging""#, #""result":"timeout"#))
      #expect(logged(logs, level: "warning", containing: #""handler":"refusing""#))
      print("isolation: fast p99 \(before) with healthy peers, \(after) beside bad ones")
    }
  }

  @Test func concurrencyBoundsRequestsInFlightWhileJobsAreReadAhead() async throws {
    // Every answer takes 300 ms, so the gateway reads the next jobs while three are in
    // flight; still, no fourth request may start before one of the three is answered.
    let answer: Duration = .milliseconds(300)
    try await GatewayFixture.with(
      .init(
        handlers: ["loyalty": .init(delay: answer, delayFirst: 100)],
        handlerSettings: ["loyalty": ["concurrency: 3"]])
    ) { fixture in
      for index in 0..<12 {
        _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_bounded_\(index)"))
      }
      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 12 })
      let starts = fixture["loyalty"].deliveries.map(\.receivedAt)
      let mostInFlight = starts.map { start in
        starts.filter { $0 <= start && start < $0 + answer }.count
      }.max()
      #expect(mostInFlight == 3)
    }
  }

  @Test func handlerTimeoutAndRetryScheduleOverrideTheDefaults() async throws {
    // The defaults say 5 s timeout and [200ms, 400ms]; the handler says 300 ms and [1s].
    try await GatewayFixture.with(
      .init(
        handlers: ["loyalty": .init(delay: .seconds(3), delayFirst: 1)],
        tuning: .init(handlerTimeout: "300ms"),
        handlerSettings: ["loyalty": ["retry: {schedule: [1s]}"]])
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_slow_once"))
      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 2 })
      let attempts = fixture["loyalty"].deliveries
      guard attempts.count == 2 else { return }
      let gap = attempts[1].receivedAt - attempts[0].receivedAt
      // Timed out after 300 ms (not 5 s), retried 1 s later (not 200 ms).
      #expect(gap >= .milliseconds(1250), "retried after \(gap)")
      #expect(gap < .milliseconds(3000), "retried after \(gap)")
      #expect(attempts.map(\.webhookID) == [reply.eventID, reply.eventID])
      #expect(fixture.gateway.logs.contains("attempt failed, will retry"))
    }
  }

  @Test func unavailableWithRetryAfterZeroIsRetriedNoSoonerThanOneSecond() async throws {
    try await GatewayFixture.with(
      handlers: ["loyalty": .init(statuses: [503], retryAfter: "0")],
      tuning: .init(schedule: "[100ms]")
    ) { fixture in
      _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_unavailable"))
      #expect(await eventually { fixture["loyalty"].count == 2 })
      let attempts = fixture["loyalty"].deliveries
      guard attempts.count == 2 else { return }
      let gap = attempts[1].receivedAt - attempts[0].receivedAt
      // Retry-After: 0 is clamped up to the 1 s floor (the schedule says 100 ms).
      #expect(gap >= .milliseconds(950), "retried after \(gap)")
      #expect(gap < .seconds(3), "retried after \(gap)")
    }
  }
}
