import Foundation
import HookgateCore

/// The real `hookgate serve` binary, run as a child process against a test's Redis and
/// receivers, so tests can kill -9 it and start it again.
final class GatewayProcess: @unchecked Sendable {
  // @unchecked: `process` is only replaced by start()/kill(), which a test calls in sequence.
  let port: Int
  let adminPort: Int
  let directory: URL
  let environment: [String: String]
  private var process: Process?
  private var launches = 0

  convenience init(
    configYAML: String, redis: RedisServerProcess,
    environment: [String: String] = TestConfig.secrets
  ) throws {
    try self.init(configYAML: configYAML, redisURL: redis.urlString, environment: environment)
  }

  /// - Parameter redisURL: any `REDIS_URL`, such as a cluster's `redis+cluster://…`.
  init(configYAML: String, redisURL: String, environment: [String: String] = TestConfig.secrets)
    throws
  {
    port = freePort()
    adminPort = freePort()
    directory = makeTemporaryDirectory("gateway")
    try configYAML.write(
      to: directory.appendingPathComponent("routes.yaml"), atomically: true, encoding: .utf8)
    var environment = environment
    environment["REDIS_URL"] = redisURL
    environment["LOG_LEVEL"] = "debug"
    self.environment = environment
  }

  var baseURL: String { "http://127.0.0.1:\(port)" }
  var configPath: String { directory.appendingPathComponent("routes.yaml").path }

  func webhookURL(tenant: String = "acme", source: String = "stripe") -> String {
    "\(baseURL)/webhooks/\(tenant)/\(source)"
  }

  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["HOOKGATE_BINARY"] {
      return URL(fileURLWithPath: path)
    }
    return packageRoot.appendingPathComponent(".build/debug/hookgate")
  }

  func start() async throws {
    launches += 1
    let process = Process()
    process.executableURL = Self.binary
    process.arguments = [
      "serve", "--config", configPath, "--listen", "127.0.0.1:\(port)", "--admin-listen",
      "127.0.0.1:\(adminPort)",
    ]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let log = directory.appendingPathComponent("gateway-\(launches).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    self.process = process
    let client = TestHTTP()
    let up = await eventually(timeout: .seconds(20)) { await client.isListening(port: port) }
    guard up else { throw TestFailure("hookgate did not start; see \(log.path):\n\(logs)") }
  }

  /// SIGKILL: no shutdown code runs, as when a machine dies.
  func kill() async {
    guard let process else { return }
    Foundation.kill(process.processIdentifier, SIGKILL)
    await process.waitForExit()
    self.process = nil
  }

  func signal(_ number: Int32) {
    guard let process else { return }
    Foundation.kill(process.processIdentifier, number)
  }

  /// SIGTERM, then waits (up to `timeout`) for the graceful shutdown to end.
  /// - Returns: the exit status, nil if the process was still running at the timeout.
  func shutDown(timeout: Duration = .seconds(30)) async -> Int32? {
    guard let process else { return nil }
    Foundation.kill(process.processIdentifier, SIGTERM)
    await process.waitForExit(timeout: timeout)
    guard !process.isRunning else { return nil }
    self.process = nil
    return process.terminationStatus
  }

  func terminate() async {
    guard let process else { return }
    process.terminate()
    await process.waitForExit()
    self.process = nil
  }

  /// Everything the gateway wrote to its logs, across restarts.
  var logs: String {
    (1...max(1, launches)).compactMap {
      try? String(
        contentsOf: directory.appendingPathComponent("gateway-\($0).log"), encoding: .utf8)
    }.joined(separator: "\n")
  }

  deinit {
    if let process {
      Foundation.kill(process.processIdentifier, SIGKILL)
    }
  }
}
