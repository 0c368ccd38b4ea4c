import Foundation
import Synchronization
import Testing

/// Hot reload of `routes.yaml` (issue 5) against a real gateway process, Redis and receivers.
@Suite("Config reload", .serialized)
struct ReloadTests {
  @Test func twentyReloadsUnderSteadyLoadDropNothing() async throws {
    let setup = GatewayFixture.Setup(handlers: ["loyalty": .init(), "audit": .init()])
    try await GatewayFixture.with(setup) { fixture in
      let loyaltyOnly = fixture.configYAML(handlers: [("loyalty", fixture["loyalty"])])
      let both = fixture.configYAML(handlers: [
        ("audit", fixture["audit"]), ("loyalty", fixture["loyalty"]),
      ])
      let load = SteadyLoad(fixture: fixture)
      let senders = Task { await load.run(senders: 2) }

      // Odd reloads drop the audit handler, even ones bring it back; half of them come from
      // SIGHUP right after the write, the others from the file watch (by rename and in place).
      for reload in 1...20 {
        try fixture.rewriteConfig(
          reload.isMultiple(of: 2) ? both : loyaltyOnly, byRename: reload % 4 != 3)
        if reload.isMultiple(of: 2) { fixture.gateway.signal(SIGHUP) }
        let applied = await fixture.reloaded(toGeneration: reload + 1)
        try #require(applied, "reload \(reload) was not applied:\n\(fixture.gateway.logs)")
      }
      try await Task.sleep(for: .milliseconds(300))
      load.stop()
      await senders.value

      let (accepted, failures) = load.outcomes
      #expect(failures.isEmpty, "\(failures.prefix(10))")
      #expect(accepted.count > 100, "steady load: \(accepted.count) events")
      let everyEventDelivered = await eventually(timeout: .seconds(20)) {
        Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)).isSuperset(of: accepted)
      }
      #expect(everyEventDelivered)
      // The audit handler got the events accepted while it was routed, including those that
      // waited in its queue while it was removed, and its queue is empty at the end.
      let auditDrained = await eventually(timeout: .seconds(20)) {
        (try? await fixture.jobsLeft(handler: "audit")) == 0
      }
      #expect(auditDrained)
      #expect(try await fixture.jobsLeft(handler: "loyalty") == 0)
      let audited = Set(fixture["audit"].deliveries.compactMap(\.webhookID))
      #expect(!audited.isEmpty)
      #expect(audited.isSubset(of: Set(accepted)))
      #expect(fixture.logCount("handler removed from the configuration") == 10)
      #expect(fixture.logCount("configuration reload refused") == 0)
      #expect(!fixture.gateway.logs.contains(#""level":"error""#), "nothing logged at error level")
    }
  }

  @Test func invalidFileIsRefusedWithItsDiagnosticsAndOldRoutesKeepServing() async throws {
    try await GatewayFixture.with(handlers: ["loyalty": .init()]) { fixture in
      let valid = fixture.configYAML(handlers: [("loyalty", fixture["loyalty"])])
      // A misspelt top-level key: were it applied, no event would be routed anywhere.
      let broken = valid.replacingOccurrences(of: "\nroutes:", with: "\nrotues:")
      let line =
        try #require(
          broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("rotues:") }) + 1
      try fixture.rewriteConfig(broken)
      let refused = await eventually {
        fixture.gateway.logs.contains("configuration reload refused")
      }
      try #require(refused, "\(fixture.gateway.logs)")
      let logs = fixture.gateway.logs
      // At warning level, in the `file:line:col: message` form `hookgate check` prints.
      let diagnostic = "\(fixture.gateway.configPath):\(line):1: unknown key 'rotues'"
      #expect(logged(logs, level: "warning", containing: diagnostic), "\(logs)")
      #expect(logs.contains("did you mean 'routes'"))
      #expect(logs.contains(#""failed_reloads":"1""#))

      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_after_bad_reload"))
      #expect(reply.status == 200)
      #expect(
        await eventually {
          fixture["loyalty"].deliveries.contains { $0.webhookID == reply.eventID }
        })

      // SIGHUP on the same broken file is refused again, and reported again.
      fixture.gateway.signal(SIGHUP)
      #expect(await eventually { fixture.logCount("configuration reload refused") == 2 })

      // A half-written file followed at once by the complete one settles on the complete one.
      let audit = Receiver()
      try await audit.start()
      let fixed = fixture.configYAML(handlers: [("audit", audit), ("loyalty", fixture["loyalty"])])
      // Cut inside a quoted URL: that half cannot load.
      let cut = try #require(fixed.range(of: audit.url)).lowerBound
      try fixture.rewriteConfig(String(fixed[..<fixed.index(cut, offsetBy: 10)]), byRename: false)
      try await Task.sleep(for: .milliseconds(100))
      try fixture.rewriteConfig(fixed, byRename: false)
      #expect(await fixture.reloaded(toGeneration: 2))
      let next = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_after_fix"))
      #expect(await eventually { audit.deliveries.contains { $0.webhookID == next.eventID } })
      await audit.stop()
    }
  }

  @Test func unreadableCertFileRefusesTheReloadAsItWouldStopStartup() async throws {
    try await GatewayFixture.with(handlers: ["loyalty": .init()]) { fixture in
      let paypal = """
        paypal:
          provider: paypal
          webhook_id: "WH-TEST"
          cert_file: missing.pem
        """
      try fixture.rewriteConfig(
        fixture.configYAML(handlers: [("loyalty", fixture["loyalty"])], extraSources: paypal))
      fixture.gateway.signal(SIGHUP)
      let refused = await eventually {
        fixture.gateway.logs.contains("configuration reload refused")
      }
      #expect(refused, "\(fixture.gateway.logs)")
      #expect(fixture.gateway.logs.contains("source acme/paypal cert_file"))
      #expect(fixture.gateway.logs.contains("missing.pem: cannot read the file"))
      // The PayPal source is not in the configuration that still serves.
      let reply = try await fixture.send(Array("{}".utf8), headers: [], source: "paypal")
      #expect(reply.status == 404)
    }
  }

  @Test func hangupWithAValidChangeRoutesTheNextEventTheNewWay() async throws {
    // The file watch is off, so only the signal can have applied the change.
    var setup = GatewayFixture.Setup(handlers: ["loyalty": .init()])
    setup.environment["HOOKGATE_CONFIG_POLL_INTERVAL"] = "0"
    try await GatewayFixture.with(setup) { fixture in
      let invoices = Receiver()
      try await invoices.start()
      let routes = """
          - name: payments-to-invoices
            match: {type: payment.succeeded}
            to: [invoices]
        """
      try fixture.rewriteConfig(
        fixture.configYAML(
          handlers: [("invoices", invoices), ("loyalty", fixture["loyalty"])], routes: routes))
      try await Task.sleep(for: .milliseconds(1500))
      #expect(!fixture.gateway.logs.contains("configuration reloaded"), "no watch, no reload")

      fixture.gateway.signal(SIGHUP)
      let applied = await fixture.reloaded(toGeneration: 2)
      #expect(applied, "\(fixture.gateway.logs)")
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_after_hup"))
      #expect(reply.status == 200)
      let delivered = await eventually {
        invoices.deliveries.contains { $0.webhookID == reply.eventID }
      }
      #expect(delivered)
      #expect(fixture["loyalty"].deliveries.isEmpty, "the new routes no longer lead to loyalty")
      let logs = fixture.gateway.logs
      #expect(logs.contains(#""trigger":"SIGHUP""#))
      #expect(logs.contains(#""handlers_added":["invoices"]"#))

      // The same content again is not a reload.
      fixture.gateway.signal(SIGHUP)
      #expect(await eventually { fixture.gateway.logs.contains("configuration unchanged") })
      #expect(!fixture.gateway.logs.contains("(generation 3)"))
      await invoices.stop()
    }
  }

  /// With 4 partitions, every reader of the replaced dispatcher stops before the reload is
  /// reported done.
  @Test(arguments: ["1", "4"])
  func changedHandlerTakesTheNextJobWithNewSettingsWhileItsDeliveryInFlightFinishes(
    partitions: String
  ) async throws {
    var setup = GatewayFixture.Setup(
      handlers: ["loyalty": Receiver.Script(delay: .seconds(2), delayFirst: 1)])
    setup.environment["HOOKGATE_PARTITIONS"] = partitions
    try await GatewayFixture.with(setup) { fixture in
      let first = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_in_flight"))
      #expect(await eventually { fixture["loyalty"].count == 1 }, "the first delivery is in flight")

      let moved = Receiver()
      try await moved.start()
      try fixture.rewriteConfig(fixture.configYAML(handlers: [("loyalty", moved)]))
      fixture.gateway.signal(SIGHUP)
      #expect(await fixture.reloaded(toGeneration: 2))
      #expect(fixture.gateway.logs.contains(#""handlers_replaced":["loyalty"]"#))

      let second = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_next"))
      #expect(await eventually { moved.deliveries.contains { $0.webhookID == second.eventID } })
      // The delivery in flight finished on the old dispatcher and was acknowledged: nothing
      // is left pending for a take-over to deliver again.
      #expect(await eventually { (try? await fixture.jobsLeft(handler: "loyalty")) == 0 })
      try await Task.sleep(for: .milliseconds(500))
      #expect(fixture["loyalty"].deliveries.map(\.webhookID) == [first.eventID])
      #expect(moved.deliveries.map(\.webhookID) == [second.eventID])
      await moved.stop()
    }
  }
}

/// Signed Stripe events sent back to back by a few concurrent senders until stopped, with
/// every answer recorded.
final class SteadyLoad: Sendable {
  let fixture: GatewayFixture
  private let running = Atomic<Bool>(true)
  /// Event ids answered 200, and a line for every other answer or connection error.
  private let record = Mutex<(accepted: [String], failures: [String])>(([], []))

  init(fixture: GatewayFixture) {
    self.fixture = fixture
  }

  var outcomes: (accepted: [String], failures: [String]) { record.withLock { $0 } }

  func stop() { running.store(false, ordering: .relaxed) }

  func run(senders: Int) async {
    await withDiscardingTaskGroup { group in
      for sender in 0..<senders {
        group.addTask { await self.send(as: sender) }
      }
    }
  }

  private func send(as sender: Int) async {
    var sequence = 0
    while running.load(ordering: .relaxed) {
      sequence += 1
      let id = "evt_load_\(sender)_\(sequence)"
      do {
        let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: id))
        record.withLock {
          if reply.status == 200, let eventID = reply.eventID {
            $0.accepted.append(eventID)
          } else {
            $0.failures.append("\(id): HTTP \(reply.status)")
          }
        }
      } catch {
        record.withLock { $0.failures.append("\(id): \(error)") }
      }
      try? await Task.sleep(for: .milliseconds(15))
    }
  }
}
