import Foundation
import HookgateCore
import HookgateDelivery
import Synchronization
import Testing

/// SIGTERM: the ingress stops accepting and answers what it has, delivery finishes what is in
/// flight (or hands it back to Redis past the drain bound), and nothing accepted is lost.
@Suite("Graceful shutdown", .serialized)
struct ShutdownTests {
  @Test func sigtermUnderLoadCutsNoRequestOffAndLosesNoEvent() async throws {
    try await GatewayFixture.with { fixture in
      let results = Mutex<(accepted: Set<String>, refused: Int, failures: [String])>(([], 0, []))
      let sending = Task {
        var index = 0
        while !Task.isCancelled {
          index += 1
          let body = TestConfig.stripeCharge(id: "evt_term_\(index)")
          do {
            let reply = try await fixture.sendStripe(body)
            results.withLock { state in
              if reply.status == 200, let id = reply.eventID {
                state.accepted.insert(id)
              } else {
                state.failures.append("HTTP \(reply.status)")
              }
            }
          } catch let failure as OutboundFailure where failure.kind == .connectionRefused {
            // The listener is closed: a provider retries elsewhere or later. Not a cut-off.
            results.withLock { $0.refused += 1 }
            try? await Task.sleep(for: .milliseconds(20))
          } catch {
            results.withLock { $0.failures.append("\(error)") }
          }
        }
      }
      #expect(await eventually { results.withLock { $0.accepted.count } >= 50 })
      let status = await fixture.gateway.shutDown()
      #expect(status == 0, "exit status after SIGTERM")
      try await Task.sleep(for: .milliseconds(300))
      sending.cancel()
      _ = await sending.value

      let (accepted, refused, failures) = results.withLock { $0 }
      #expect(failures.isEmpty, "requests cut off or refused with an error: \(failures)")
      #expect(refused > 0, "the listener closed while the sender kept going")
      #expect(fixture.gateway.logs.contains("delivery stopped"))

      // Whatever was accepted and not yet delivered is delivered by the next process.
      try await fixture.gateway.start()
      let delivered = await eventually(timeout: .seconds(20)) {
        Set(fixture["loyalty"].deliveries.compactMap { $0.headers["webhook-id"] })
          .isSuperset(of: accepted)
      }
      #expect(delivered, "\(accepted.count) accepted events all reach the handler")
    }
  }

  @Test func deliveryInFlightFinishesWithinTheDrainBound() async throws {
    var setup = GatewayFixture.Setup(handlers: ["loyalty": .init(delay: .seconds(1), delayFirst: 1)]
    )
    setup.environment["HOOKGATE_DRAIN_TIMEOUT"] = "10s"
    try await GatewayFixture.with(setup) { fixture in
      #expect(try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_slow")).status == 200)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      let started = ContinuousClock.now
      #expect(await fixture.gateway.shutDown() == 0)
      // It waited for the handler's answer (about 1 s), no longer.
      #expect(ContinuousClock.now - started < .seconds(8))
      #expect(fixture.gateway.logs.contains(#""handed_back":"0""#), "\(fixture.gateway.logs)")
      #expect(try await fixture.client.send(["XLEN", "hookgate:jobs:loyalty"]).integer == 0)
      try await fixture.gateway.start()
      try await Task.sleep(for: .seconds(1))
      #expect(fixture["loyalty"].count == 1, "the acknowledged delivery is not sent again")
    }
  }

  /// With 4 partitions the job sits in whichever partition tenant acme maps to: the hand-back
  /// covers them all.
  @Test(arguments: ["1", "4"])
  func deliveryCutOffByTheDrainBoundIsHandedBackAndTakenOverAtOnce(partitions: String)
    async throws
  {
    // The handler takes 6 s (past its 5 s timeout); the drain bound is 500 ms; the
    // visibility timeout is 30 s.
    var setup = GatewayFixture.Setup(
      handlers: ["loyalty": .init(delay: .seconds(6), delayFirst: 1)])
    setup.environment["HOOKGATE_DRAIN_TIMEOUT"] = "500ms"
    setup.environment["HOOKGATE_PARTITIONS"] = partitions
    try await GatewayFixture.with(setup) { fixture in
      #expect(try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_cut")).status == 200)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      let started = ContinuousClock.now
      #expect(await fixture.gateway.shutDown() == 0)
      #expect(ContinuousClock.now - started < .seconds(5), "the drain bound held")
      #expect(fixture.gateway.logs.contains(#""handed_back":"1""#), "\(fixture.gateway.logs)")

      // The next process takes the job over at start, long before the 30 s visibility timeout.
      let restarted = ContinuousClock.now
      try await fixture.gateway.start()
      #expect(await eventually(timeout: .seconds(10)) { fixture["loyalty"].count == 2 })
      #expect(ContinuousClock.now - restarted < .seconds(10))
      let ids = Set(fixture["loyalty"].deliveries.compactMap { $0.headers["webhook-id"] })
      #expect(ids.count == 1, "the same event, same webhook-id")
    }
  }
}
