import Foundation
import HookgateCore
import HookgateRedis

/// One test's world: a Redis, receivers standing in for internal handlers, and a gateway
/// process between them. Torn down by `shutdown()`.
struct GatewayFixture: Sendable {
  let redis: RedisServerProcess
  let receivers: [String: Receiver]
  let gateway: GatewayProcess
  let client: RedisClient
  let http = TestHTTP()

  /// What a test adds to the standard configuration.
  struct Setup: Sendable {
    /// Handler name → what its receiver answers.
    var handlers: [String: Receiver.Script] = ["loyalty": .init()]
    /// False leaves the handler ports closed (handlers "down").
    var startReceivers = true
    var tuning = TestConfig.Tuning()
    /// Replaces the default route (every payment and sale to every handler).
    var routes: String? = nil
    /// More sources for tenant `acme`, as YAML.
    var extraSources = ""
    /// More environment for the gateway, on top of `TestConfig.secrets`.
    var environment: [String: String] = [:]
    /// Handler name → more settings for it, as YAML lines (`order_by: data.reference`).
    var handlerSettings: [String: [String]] = [:]
    /// Handlers whose URL is given here instead of a receiver's (a black hole, a closed port).
    var handlerURLs: [String: String] = [:]
  }

  /// Starts Redis, the receivers and the gateway; stops whatever started if a later step fails.
  static func start(_ setup: Setup = Setup()) async throws -> GatewayFixture {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    var receivers: [String: Receiver] = [:]
    for (name, script) in setup.handlers { receivers[name] = Receiver(script: script) }
    do {
      if setup.startReceivers {
        for receiver in receivers.values { try await receiver.start() }
      }
      let names = Set(setup.handlers.keys).union(setup.handlerURLs.keys).sorted()
      let specs = names.map {
        TestConfig.HandlerSpec(
          name: $0, url: setup.handlerURLs[$0] ?? receivers[$0]!.url,
          extra: setup.handlerSettings[$0] ?? [])
      }
      let yaml = TestConfig.yaml(
        handlers: specs, tuning: setup.tuning, routes: setup.routes,
        extraSources: setup.extraSources)
      let gateway = try GatewayProcess(
        configYAML: yaml, redis: redis,
        environment: TestConfig.secrets.merging(setup.environment) { $1 })
      try await gateway.start()
      // The delivery workers create their streams on start; wait for them so a test's
      // "nothing changed in Redis" snapshot is not taken in the middle of that.
      // With several partitions the first partition's streams stand for all of them.
      let tag = (setup.environment["HOOKGATE_PARTITIONS"] ?? "1") == "1" ? "" : "{p0}:"
      let streams = names.map { "hookgate:\(tag)jobs:\($0)" }
      let ready = await eventually {
        (try? await client.send(RedisCommand(["EXISTS"] + streams)).integer) == Int64(streams.count)
      }
      guard ready else { throw TestFailure("the delivery workers did not start") }
      return GatewayFixture(redis: redis, receivers: receivers, gateway: gateway, client: client)
    } catch {
      for receiver in receivers.values { await receiver.stop() }
      await client.shutdown()
      await redis.stop()
      throw error
    }
  }

  func shutdown() async {
    await gateway.terminate()
    for receiver in receivers.values { await receiver.stop() }
    await client.shutdown()
    await redis.stop()
  }

  func send(_ body: [UInt8], headers: [(name: String, value: String)], source: String = "stripe")
    async throws -> TestHTTP.Reply
  {
    try await http.request(gateway.webhookURL(source: source), headers: headers, body: body)
  }

  func sendStripe(_ body: [UInt8]) async throws -> TestHTTP.Reply {
    try await send(body, headers: TestConfig.stripeHeaders(body: body))
  }

  func keyCount() async throws -> Int64 {
    try await client.send(["DBSIZE"]).integer ?? -1
  }

  /// The Redis state that a refused request must leave unchanged: key count and stream sizes.
  func storeSnapshot() async throws -> [Int64] {
    var snapshot = [try await keyCount()]
    for name in receivers.keys.sorted() {
      snapshot.append(try await client.send(["XLEN", "hookgate:jobs:\(name)"]).integer ?? 0)
    }
    snapshot.append(try await client.send(["XLEN", "hookgate:unrouted"]).integer ?? 0)
    return snapshot
  }

  subscript(handler: String) -> Receiver { receivers[handler]! }
}

extension TestHTTP.Reply {
  /// The answer for a single event, or for the first event of a batch answer.
  private var firstEvent: JSONValue? { json?["events"]?[0] ?? json }

  var isDuplicate: Bool? {
    if case .bool(let flag)? = firstEvent?["duplicate"] { return flag }
    return nil
  }

  var eventID: String? { firstEvent?["id"]?.stringValue }
  var reason: String? { json?["reason"]?.stringValue }
}

/// Checks a delivery's Standard Webhooks signature the way a handler would.
func standardWebhooksSignatureIsValid(
  _ delivery: Receiver.Delivery, secret: String = TestConfig.handlerSecret
) -> Bool {
  guard let id = delivery.headers["webhook-id"],
    let timestamp = delivery.headers["webhook-timestamp"],
    let signatures = delivery.headers["webhook-signature"],
    let key = ByteEncoding.fromBase64(secret.dropFirst("whsec_".count))
  else { return false }
  let expected = ByteEncoding.base64(
    Crypto.hmacSHA256(key: key, message: Array("\(id).\(timestamp).".utf8) + delivery.body))
  return signatures.split(separator: " ").contains { $0 == "v1,\(expected)" }
}

extension GatewayFixture {
  /// Runs `body` with a started fixture and always tears it down, even when `body` throws.
  static func with<T>(
    handlers: [String: Receiver.Script] = ["loyalty": .init()], startReceivers: Bool = true,
    tuning: TestConfig.Tuning = .init(),
    _ body: (GatewayFixture) async throws -> T
  ) async throws -> T {
    try await with(
      Setup(handlers: handlers, startReceivers: startReceivers, tuning: tuning), body)
  }

  static func with<T>(_ setup: Setup, _ body: (GatewayFixture) async throws -> T)
    async throws -> T
  {
    let fixture = try await start(setup)
    do {
      let result = try await body(fixture)
      await fixture.shutdown()
      return result
    } catch {
      await fixture.shutdown()
      throw error
    }
  }
}
