import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Ordered delivery per order_by key", .serialized)
struct OrderedDeliveryTests {
  static let ordered = ["order_by: data.reference"]

  /// The provider event id of a delivery, which names the test's event.
  static func providerEventID(_ delivery: Receiver.Delivery) -> String? {
    (try? JSONParser.parse(delivery.body))?["provider_event_id"]?.stringValue
  }

  @Test func failedPaymentRetriesLandBeforeTheSuccessThatFollowedWhileOtherKeysOvertake()
    async throws
  {
    var setup = GatewayFixture.Setup(
      handlers: ["reservations": .init(byMarker: ["evt_r1_failed": [500, 500]])],
      tuning: .init(schedule: "[400ms, 400ms, 400ms]"))
    setup.handlerSettings = ["reservations": Self.ordered]
    try await GatewayFixture.with(setup) { fixture in
      for (id, reference, type) in [
        ("evt_r1_failed", "R1", "charge.failed"), ("evt_r1_succeeded", "R1", "charge.succeeded"),
        ("evt_r2_failed", "R2", "charge.failed"), ("evt_r2_succeeded", "R2", "charge.succeeded"),
      ] {
        let reply = try await fixture.sendStripe(
          TestConfig.stripeCharge(id: id, reference: reference, type: type))
        #expect(reply.status == 200)
      }
      let receiver = fixture["reservations"]
      #expect(await eventually { receiver.deliveries.filter { $0.status == 200 }.count == 4 })
      let arrivals = receiver.deliveries.compactMap { delivery in
        Self.providerEventID(delivery).map { (id: $0, status: delivery.status) }
      }
      func first(_ id: String, _ status: Int? = nil) -> Int? {
        arrivals.firstIndex { $0.id == id && (status == nil || $0.status == status) }
      }
      #expect(arrivals.filter { $0.id == "evt_r1_failed" }.map(\.status) == [500, 500, 200])
      #expect(arrivals.filter { $0.id == "evt_r1_succeeded" }.map(\.status) == [200])
      let r1Succeeded = try #require(first("evt_r1_succeeded"))
      // R1's failure, retries included, all before R1's success…
      #expect(try #require(first("evt_r1_failed", 200)) < r1Succeeded)
      // …while R2 did not wait for R1.
      #expect(try #require(first("evt_r2_succeeded")) < r1Succeeded)
      #expect(try #require(first("evt_r2_failed")) < first("evt_r2_succeeded")!)

      // R1's success was read while R1's failure was still retrying: it waited, and says so.
      let succeededID = GatewayEventID.make(
        tenant: "acme", source: "stripe", providerEventID: "evt_r1_succeeded")
      // The receiver counts the delivery before the worker records it: wait for the record.
      let queue = JobQueue(client: fixture.client)
      func outcomes() async -> [String] {
        let log = (try? await queue.attempts(eventID: succeededID)) ?? []
        return log.compactMap { try? JSONParser.parse(Array($0.utf8))["outcome"]?.stringValue }
      }
      #expect(await eventually { await outcomes().count >= 2 })
      #expect(await outcomes() == ["waiting", "delivered"])

      // Nothing outstanding: no key keeps ordering state.
      let leftovers = try await fixture.client.send([
        "KEYS", "hookgate:order:*",
      ]).array?.count
      let parked = try await fixture.client.send(["KEYS", "hookgate:parked:*"]).array?.count
      #expect(leftovers == 0)
      #expect(parked == 0)
    }
  }

  @Test func deadLetteredEventLetsTheNextOfItsKeyGo() async throws {
    var setup = GatewayFixture.Setup(
      handlers: ["reservations": .init(byMarker: ["evt_doomed": [500, 500, 500]])],
      tuning: .init(schedule: "[200ms, 200ms]"))
    setup.handlerSettings = ["reservations": Self.ordered]
    try await GatewayFixture.with(setup) { fixture in
      for id in ["evt_doomed", "evt_after"] {
        _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: id, reference: "R9"))
      }
      let receiver = fixture["reservations"]
      #expect(await eventually { receiver.deliveries.contains { $0.status == 200 } })
      #expect(
        receiver.deliveries.compactMap(Self.providerEventID) == [
          "evt_doomed", "evt_doomed", "evt_doomed", "evt_after",
        ])
      #expect(try await fixture.client.send(["XLEN", "hookgate:dead:reservations"]).integer == 1)

      // Replayed, it joins the back of its key's line and is delivered; nothing is left over.
      let output = try await runHookgate([
        "replay", "--handler", "reservations", "--all", "--redis", fixture.redis.urlString,
      ])
      #expect(output.contains("replayed 1 dead letter"))
      #expect(await eventually { receiver.deliveries.filter { $0.status == 200 }.count == 2 })
      #expect(receiver.deliveries.last.flatMap(Self.providerEventID) == "evt_doomed")
      #expect(
        await eventually {
          (try? await fixture.client.send(["KEYS", "hookgate:order:*"]).array?.count) == 0
        })
    }
  }

  @Test func twoGatewaysDeliverEachKeyInAcceptanceOrderWhileKeysRunInParallel() async throws {
    let keys = ["K1", "K2", "K3", "K4"]
    let perKey = 6
    // Some events fail once, so retries have to hold their successors back.
    let flaky = ["evt_K1_0", "evt_K2_2", "evt_K3_4", "evt_K4_1", "evt_K1_3"]
    var setup = GatewayFixture.Setup(
      handlers: [
        "reservations": .init(
          delay: .milliseconds(30), delayFirst: 1000,
          byMarker: Dictionary(uniqueKeysWithValues: flaky.map { ("\"\($0)\"", [500]) }))
      ],
      tuning: .init(schedule: "[150ms, 150ms, 150ms]"))
    setup.handlerSettings = ["reservations": Self.ordered + ["concurrency: 4"]]
    try await GatewayFixture.with(setup) { fixture in
      let second = try GatewayProcess(
        configYAML: String(contentsOfFile: fixture.gateway.configPath, encoding: .utf8),
        redis: fixture.redis)
      try await second.start()
      do {
        // Acceptance order: each send waits for its 200 before the next of any key.
        var accepted: [String: [String]] = [:]
        for index in 0..<perKey {
          for (number, key) in keys.enumerated() {
            let id = "evt_\(key)_\(index)"
            let body = TestConfig.stripeCharge(id: id, reference: key)
            let url = (index + number) % 2 == 0 ? fixture.gateway : second
            let reply = try await fixture.http.request(
              url.webhookURL(), headers: TestConfig.stripeHeaders(body: body), body: body)
            #expect(reply.status == 200)
            accepted[key, default: []].append(id)
          }
        }
        let receiver = fixture["reservations"]
        let total = keys.count * perKey
        #expect(
          await eventually(timeout: .seconds(30)) {
            receiver.deliveries.filter { $0.status == 200 }.count >= total
          })
        let arrivals = receiver.deliveries.compactMap { delivery in
          Self.providerEventID(delivery).map { (id: $0, status: delivery.status) }
        }
        for key in keys {
          let ofKey = arrivals.filter { $0.id.hasPrefix("evt_\(key)_") }
          // Retries repeat an event in place; no later event ever arrives before it.
          var order: [String] = []
          for arrival in ofKey where order.last != arrival.id { order.append(arrival.id) }
          #expect(order == accepted[key], "arrival order of \(key)")
          #expect(ofKey.filter { $0.status == 200 }.map(\.id) == accepted[key])
        }
        // Both gateways delivered: the keys were spread across processes.
        #expect(fixture.gateway.logs.contains("delivered"))
        #expect(second.logs.contains("delivered"))
      } catch {
        await second.terminate()
        throw error
      }
      await second.terminate()
    }
  }

}
