import Foundation
import HookgateRedis

/// A real `redis-server` on a free loopback port, with its AOF in a temporary folder, so a
/// test can stop, kill and restart it and find its data again.
final class RedisServerProcess: @unchecked Sendable {
  // @unchecked: `process` is only replaced by start()/stop(), which tests call sequentially.
  let port: Int
  let directory: URL
  private var process: Process?

  private init() {
    port = freePort()
    directory = makeTemporaryDirectory("redis")
  }

  static func launch() async throws -> RedisServerProcess {
    let server = RedisServerProcess()
    try await server.start()
    return server
  }

  var url: RedisURL { RedisURL(host: "127.0.0.1", port: port) }
  var urlString: String { "redis://127.0.0.1:\(port)/0" }

  func start() async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = [
      "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
      "--appendfsync", "everysec", "--dir", directory.path, "--logfile",
      directory.appendingPathComponent("redis.log").path,
    ]
    try process.run()
    self.process = process
    let client = RedisClient(
      configuration: .init(url: url, connections: 1, connectTimeout: .milliseconds(200)))
    let up = await eventually { (try? await client.send(["PING"])) == .status("PONG") }
    await client.shutdown()
    guard up else { throw TestFailure("redis-server on port \(port) did not start") }
  }

  /// `SHUTDOWN`: Redis flushes its AOF and exits, as in a planned restart. (Not SIGTERM:
  /// children of the test runner can inherit a signal mask that blocks it.)
  func stop() async {
    guard let process else { return }
    let client = RedisClient(configuration: .init(url: url, connections: 1))
    _ = try? await client.send(["SHUTDOWN"])
    await client.shutdown()
    await process.waitForExit()
    self.process = nil
  }

  /// SIGKILL: Redis dies without a word; what the AOF had synced is what survives.
  func kill() async {
    guard let process else { return }
    Foundation.kill(process.processIdentifier, SIGKILL)
    await process.waitForExit()
    self.process = nil
  }

  /// SIGSTOP / SIGCONT: Redis stays connected but does nothing — a replica that has stopped
  /// acknowledging, say.
  func freeze() { process.map { _ = Foundation.kill($0.processIdentifier, SIGSTOP) } }
  func thaw() { process.map { _ = Foundation.kill($0.processIdentifier, SIGCONT) } }

  func restart() async throws {
    await stop()
    try await start()
  }

  deinit {
    if let process { Foundation.kill(process.processIdentifier, SIGKILL) }
  }

  static let binary: String = {
    for candidate in ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return "redis-server"
  }()
}

struct TestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
