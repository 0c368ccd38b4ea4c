import Foundation
import HookgateRedis

extension GatewayFixture {
  /// The standard test configuration for `handlers` (each at the given receiver), every
  /// payment routed to all of them.
  func configYAML(
    handlers: [(name: String, receiver: Receiver)], routes: String? = nil, extraSources: String = ""
  ) -> String {
    TestConfig.yaml(
      handlers: handlers.map { TestConfig.HandlerSpec(name: $0.name, url: $0.receiver.url) },
      routes: routes, extraSources: extraSources)
  }

  /// Replaces the gateway's routes file: by rename, as most editors and `kubectl` do, or by
  /// writing over it in place.
  func rewriteConfig(_ yaml: String, byRename: Bool = true) throws {
    try yaml.write(toFile: gateway.configPath, atomically: byRename, encoding: .utf8)
  }

  /// Waits until the gateway logs that configuration generation `generation` is serving.
  func reloaded(toGeneration generation: Int, timeout: Duration = .seconds(10)) async -> Bool {
    await eventually(timeout: timeout) {
      gateway.logs.contains("configuration reloaded (generation \(generation))")
    }
  }

  /// How many times the gateway's logs contain `text`.
  func logCount(_ text: String) -> Int {
    gateway.logs.components(separatedBy: text).count - 1
  }

  /// Entries left in a handler's queue: stream plus retry set.
  /// Over every partition of the layout the gateway stored.
  func jobsLeft(handler: String) async throws -> Int64 {
    let layout = try await StoredLayout.read(client: client)
    let backlog = try await QueuePartitions(client: client, layout: layout).backlog(
      handler: handler)
    return Int64(backlog.queued + backlog.retrying)
  }
}
