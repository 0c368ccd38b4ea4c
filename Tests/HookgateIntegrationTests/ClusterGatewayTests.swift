import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// The scale-out deployment end to end: two `hookgate serve` processes on a six-node Redis
/// Cluster, tenants spread over partitions, and a primary killed under load.
@Suite("Two gateways on a Redis Cluster", .serialized)
struct ClusterGatewayTests {
  static let tenants = (0..<6).map { "t\($0)" }
  static let handlers = ["loyalty", "invoices"]

  static func yaml(receivers: [String: Receiver]) -> String {
    let tenantYAML = tenants.map { tenant in
      """
        \(tenant):
          sources:
            stripe:
              provider: stripe
              secrets: ["${TEST_STRIPE_SECRET}"]
      """
    }.joined(separator: "\n")
    let handlerYAML = handlers.map { name in
      """
        \(name):
          url: "\(receivers[name]!.url)"
          secret: "${TEST_HANDLER_SECRET}"
      """
    }.joined(separator: "\n")
    return """
      version: 1
      defaults:
        dedupe_window: 1h
        durability: {mode: replicated, replicas: 1, timeout: 500ms}
        delivery:
          timeout: 5s
          visibility_timeout: 3s
          retry: {schedule: [200ms, 400ms, 800ms, 1s, 1s, 1s, 1s, 1s], jitter: none}
          breaker: off
      tenants:
      \(tenantYAML)
      handlers:
      \(handlerYAML)
      routes:
        - name: everything
          match: {type: ["payment.*"]}
          to: [\(handlers.joined(separator: ", "))]
      """
  }

  /// What the load saw: the gateway's ids (the `webhook-id` handlers get) of the events that
  /// got a 2xx, and how many requests were refused.
  struct LoadResult: Sendable {
    var accepted: Set<String> = []
    var refused = 0
  }

  @Test func everyAcceptedEventIsDeliveredWhenAPrimaryFailsOverUnderLoad() async throws {
    try await RedisClusterProcess.with { cluster in
      var receivers: [String: Receiver] = [:]
      for name in Self.handlers {
        let receiver = Receiver()
        try await receiver.start()
        receivers[name] = receiver
      }
      let seeds = cluster.ports.map { "127.0.0.1:\($0)" }.joined(separator: ",")
      let url = "redis+cluster://\(seeds)/0"
      let yaml = Self.yaml(receivers: receivers)
      let gateways = [
        try GatewayProcess(configYAML: yaml, redisURL: url),
        try GatewayProcess(configYAML: yaml, redisURL: url),
      ]
      for gateway in gateways { try await gateway.start() }

      // The primary to kill serves the partition of tenant t0, so its events are in flight.
      let layout = PartitionLayout.standard(cluster: true)
      let tag = layout.hashTag(of: layout.partition(ofTenant: "t0"))!
      let victim = try await cluster.shard(ofSlot: ClusterKeySlot.slot(of: tag))

      let loadEnds = ContinuousClock.now + .seconds(10)
      let result = await withTaskGroup(of: LoadResult.self) { group in
        for sender in 0..<6 {
          group.addTask {
            await Self.send(sender: sender, gateways: gateways, until: loadEnds)
          }
        }
        group.addTask {
          try? await Task.sleep(for: .seconds(3))
          // Load goes on through the failover and after it.
          await cluster.kill(victim.primary)
          return LoadResult()
        }
        var total = LoadResult()
        for await part in group {
          total.accepted.formUnion(part.accepted)
          total.refused += part.refused
        }
        return total
      }

      // The replica took over, and the gateways went on accepting after it did.
      #expect(await cluster.role(victim.replicas[0]) == "master")
      #expect(result.accepted.count > 100, "only \(result.accepted.count) events were accepted")
      let delivered = await eventually(timeout: .seconds(60)) {
        Self.handlers.allSatisfy { name in
          result.accepted.isSubset(of: Set(receivers[name]!.deliveries.compactMap(\.webhookID)))
        }
      }
      for name in Self.handlers {
        let ids = receivers[name]!.deliveries.compactMap(\.webhookID)
        let missing = result.accepted.subtracting(ids)
        let sample = missing.prefix(3)
        #expect(missing.isEmpty, "\(name) missed \(missing.count) accepted events: \(sample)…")
        // At-least-once stays a rare repeat.
        #expect(ids.count - Set(ids).count <= ids.count / 10, "\(name): too many repeats")
      }
      #expect(delivered)
      print(
        "cluster failover: \(result.accepted.count) events accepted, \(result.refused) requests"
          + " refused, deliveries: "
          + Self.handlers.map { "\($0) \(receivers[$0]!.count)" }.joined(separator: ", "))
      // Both instances delivered: they share the work through the consumer groups.
      for gateway in gateways {
        #expect(logged(gateway.logs, level: "debug", containing: "\"delivered\""))
      }
      for gateway in gateways { await gateway.kill() }
      for receiver in receivers.values { await receiver.stop() }
    }
  }

  /// Sends unique Stripe events round the tenants and both gateways until `deadline`, each
  /// once and one in ten again (a provider's resend), waiting for each answer.
  static func send(sender: Int, gateways: [GatewayProcess], until deadline: ContinuousClock.Instant)
    async -> LoadResult
  {
    let http = TestHTTP()
    var result = LoadResult()
    var index = 0
    while ContinuousClock.now < deadline {
      let id = "evt_s\(sender)_\(index)"
      let tenant = tenants[(sender + index) % tenants.count]
      let gateway = gateways[index % gateways.count]
      let body = TestConfig.stripeCharge(id: id)
      let resends = index % 10 == 0 ? 2 : 1
      for _ in 0..<resends {
        let reply = try? await http.request(
          gateway.webhookURL(tenant: tenant), headers: TestConfig.stripeHeaders(body: body),
          body: body, timeout: .seconds(5))
        if reply?.status == 200, let eventID = reply?.eventID {
          result.accepted.insert(eventID)
        } else {
          result.refused += 1
        }
      }
      index += 1
    }
    return result
  }
}
