import Foundation
import HookgateCore
import HookgateRedis

/// A real Redis Cluster on loopback: six `redis-server --cluster-enabled yes` nodes (three
/// primaries, three replicas) created with `redis-cli --cluster create`, in a temporary folder.
/// A short node timeout (1 s) makes a killed primary's replica take over within seconds.
final class RedisClusterProcess: @unchecked Sendable {
  // @unchecked: `processes` entries are only removed by kill()/shutdown(), which tests call
  // sequentially, never concurrently with each other.
  /// The nodes' client ports, in the order they were started.
  private(set) var ports: [Int] = []
  let directory: URL
  private var processes: [Int: Process] = [:]

  private init() {
    directory = makeTemporaryDirectory("redis-cluster")
  }

  /// Runs `body` with a started cluster and always stops the nodes, even when `body` throws.
  static func with(_ body: (RedisClusterProcess) async throws -> Void) async throws {
    let cluster = try await launch()
    do {
      try await body(cluster)
      await cluster.shutdown()
    } catch {
      await cluster.shutdown()
      throw error
    }
  }

  static func launch() async throws -> RedisClusterProcess {
    let cluster = RedisClusterProcess()
    do {
      try await cluster.start()
    } catch {
      await cluster.shutdown()
      throw error
    }
    return cluster
  }

  /// Seeds every node; `seeds` picks some (e.g. only a replica).
  func url(seeds: [Int]? = nil) -> RedisURL {
    let nodes = (seeds ?? ports).map { RedisNodeAddress(host: "127.0.0.1", port: $0) }
    return RedisURL(
      host: nodes[0].host, port: nodes[0].port, cluster: true, moreSeeds: Array(nodes.dropFirst()))
  }

  /// A plain client for one node, to look behind the cluster client's back.
  func node(_ port: Int) -> RedisClient {
    RedisClient(
      configuration: .init(
        url: RedisURL(host: "127.0.0.1", port: port), connections: 1,
        connectTimeout: .milliseconds(300)))
  }

  func send(_ port: Int, _ command: RedisCommand) async throws -> RedisValue {
    let client = node(port)
    do {
      let reply = try await client.send(command)
      await client.shutdown()
      return reply
    } catch {
      await client.shutdown()
      throw error
    }
  }

  /// The primary serving `slot` and its replicas, as the node at `askingPort` sees it.
  func shard(ofSlot slot: Int, askingPort: Int? = nil) async throws -> (
    primary: Int, replicas: [Int]
  ) {
    let reply = try await send(askingPort ?? ports[0], ["CLUSTER", "SLOTS"])
    for range in reply.array ?? [] {
      guard let parts = range.array, parts.count >= 3, let start = parts[0].integer,
        let end = parts[1].integer, (start...end).contains(Int64(slot))
      else { continue }
      let ports = parts.dropFirst(2).compactMap { $0.array?[1].integer.map(Int.init) }
      return (ports[0], Array(ports.dropFirst()))
    }
    throw TestFailure("no node serves slot \(slot)")
  }

  func nodeID(_ port: Int) async throws -> String {
    guard let id = try await send(port, ["CLUSTER", "MYID"]).string else {
      throw TestFailure("CLUSTER MYID on \(port) had no answer")
    }
    return id
  }

  func role(_ port: Int) async -> String? {
    (try? await send(port, ["ROLE"]))?.array?.first?.string
  }

  /// Waits until every running node says `cluster_state:ok` and agrees on three shards,
  /// each with its replica.
  func waitUntilHealthy(timeout: Duration = .seconds(20)) async -> Bool {
    await eventually(timeout: timeout, every: .milliseconds(100)) {
      for port in processes.keys.sorted() {
        guard let info = (try? await send(port, ["CLUSTER", "INFO"]))?.string,
          info.contains("cluster_state:ok"),
          let slots = (try? await send(port, ["CLUSTER", "SLOTS"]))?.array,
          slots.allSatisfy({ ($0.array?.count ?? 0) >= 4 })
        else { return false }
      }
      return true
    }
  }

  /// SIGKILL: the node dies without a word, as a crashed host would.
  func kill(_ port: Int) async {
    guard let process = processes.removeValue(forKey: port) else { return }
    Foundation.kill(process.processIdentifier, SIGKILL)
    await process.waitForExit()
  }

  func shutdown() async {
    for port in Array(processes.keys) { await kill(port) }
    try? FileManager.default.removeItem(at: directory)
  }

  deinit {
    for process in processes.values { Foundation.kill(process.processIdentifier, SIGKILL) }
  }

  private func start() async throws {
    for _ in 0..<6 { ports.append(try await startNode()) }
    let create = Process()
    create.executableURL = URL(fileURLWithPath: Self.redisCLI)
    create.arguments =
      ["--cluster", "create"] + ports.map { "127.0.0.1:\($0)" } + [
        "--cluster-replicas", "1", "--cluster-yes",
      ]
    let log = directory.appendingPathComponent("create.log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    create.standardOutput = try FileHandle(forWritingTo: log)
    create.standardError = create.standardOutput
    try create.run()
    await create.waitForExit(timeout: .seconds(30))
    guard create.terminationStatus == 0 else {
      throw TestFailure("redis-cli --cluster create failed: see \(log.path)")
    }
    guard await waitUntilHealthy() else {
      throw TestFailure("the cluster did not reach cluster_state:ok with replicas")
    }
  }

  /// Starts one node on free ports, trying other ports when another test's process took
  /// them between `freePort()` and the bind. Returns its client port.
  private func startNode() async throws -> Int {
    for _ in 0..<3 {
      let port = freePort()
      let bus = freePort()
      guard port != bus, !ports.contains(port), !ports.contains(bus) else { continue }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: RedisServerProcess.binary)
      process.arguments = [
        "--port", String(port), "--cluster-port", String(bus), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-config-file",
        directory.appendingPathComponent("nodes-\(port).conf").path,
        "--cluster-node-timeout", "1000", "--save", "", "--appendonly", "no",
        // A replica shows in CLUSTER SLOTS once its replication offset is not 0, which the
        // primary's replication ping moves: every second instead of every ten.
        "--repl-ping-replica-period", "1", "--repl-diskless-sync-delay", "0",
        "--dir", directory.path,
        "--logfile", directory.appendingPathComponent("redis-\(port).log").path,
      ]
      // Not the test runner's output: a node outliving it would hold that pipe open.
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Ours answers with its own pid; a process of another test on that port would not.
      let pid = "process_id:\(process.processIdentifier)\r"
      let ours = await eventually {
        guard process.isRunning else { return true }
        return (try? await send(port, ["INFO", "server"]))?.string?.contains(pid) == true
      }
      if ours, process.isRunning {
        processes[port] = process
        return port
      }
      Foundation.kill(process.processIdentifier, SIGKILL)
      await process.waitForExit()
    }
    throw TestFailure("no cluster node started on a free port in 3 tries")
  }

  static let redisCLI: String = {
    for candidate in ["/usr/bin/redis-cli", "/usr/local/bin/redis-cli"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return "redis-cli"
  }()
}
