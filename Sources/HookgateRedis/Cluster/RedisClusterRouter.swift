import HookgateCore
import NIOPosix
import Synchronization

/// The cluster mode of ``RedisClient``: sends each command, pipeline or script to the primary
/// owning the slot of its keys, one set of idle connections per node, and copes with the
/// cluster changing underneath: follows `MOVED` (patching the map, then refreshing all of it
/// in the background) and `ASK`, retries `TRYAGAIN`/`CLUSTERDOWN` and nodes that refuse
/// connections (a failover) with a short backoff, at most ``ClusterRetryPlan/maxRedirects``
/// times per call.
///
/// A connection that breaks mid-command is not retried: Redis may have run the command, so
/// the caller is told (as with a single Redis) and the map is refreshed for its next call.
final class RedisClusterRouter: Sendable {
  private let url: RedisURL
  private let connectTimeout: Duration
  private let commandTimeout: Duration
  private let threads: NIOThreadPool

  private struct State: ~Copyable {
    var map: ClusterSlotMap?
    var idle: [RedisNodeAddress: [RedisConnection]] = [:]
    var refreshing = false
    var nextPrimary = 0
    var statistics = RedisClusterStatistics()
  }
  private let state = Mutex(State())

  init(url: RedisURL, connectTimeout: Duration, commandTimeout: Duration, threads: NIOThreadPool) {
    self.url = url
    self.connectTimeout = connectTimeout
    self.commandTimeout = commandTimeout
    self.threads = threads
  }

  var statistics: RedisClusterStatistics {
    state.withLock { $0.statistics }
  }

  func dropConnections() {
    state.withLock { $0.idle.removeAll() }
  }

  func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
    let slot: Int?
    do {
      slot = try ClusterRoute.slot(of: commands.map(\.arguments))
    } catch {
      throw .crossSlot(error.description)
    }
    let keyless = commands.map { ClusterCommandKeys.keyIndices($0.arguments).isEmpty }
    var replies = [RedisValue](repeating: .null, count: commands.count)
    var sent = Array(commands.indices)
    var asking: RedisNodeAddress?
    var attempt = 0
    while true {
      let node: RedisNodeAddress
      if let asking { node = asking } else { node = try await owner(of: slot) }
      let answers: [RedisValue]
      switch await run(sent.map { commands[$0] }, on: node, asking: asking != nil) {
      case .success(let received):
        answers = received
      case .failure(.couldNotConnect(let error)):
        // Nothing was sent, so trying again is safe: the node may be dead and its replica
        // about to be promoted.
        attempt += 1
        guard attempt <= ClusterRetryPlan.maxRedirects else { throw error }
        state.withLock { $0.statistics.retries += 1 }
        try? await Task.sleep(for: ClusterRetryPlan.backoff(attempt: attempt))
        await refresh(avoiding: node)
        asking = nil
        continue
      case .failure(.broken(let error)):
        if error != .shutdown { scheduleRefresh() }
        throw error
      }
      for (index, answer) in zip(sent, answers) { replies[index] = answer }
      let redirects = answers.map { answer -> ClusterRedirect? in
        guard case .error(let message) = answer else { return nil }
        return ClusterRedirect(errorReply: message)
      }
      let plan = ClusterRetryPlan(
        sent: sent, redirects: redirects, keyless: keyless, attempt: attempt)
      switch plan.step {
      case .done, .giveUp:
        return replies
      case .follow(let movedSlot, let target):
        state.withLock {
          $0.map?.move(slot: movedSlot, to: target)
          $0.statistics.movedFollowed += 1
        }
        scheduleRefresh()
        asking = nil
      case .ask(let target):
        state.withLock { $0.statistics.askFollowed += 1 }
        asking = target
      case .retry(let delay, let refreshMap):
        state.withLock { $0.statistics.retries += 1 }
        try? await Task.sleep(for: delay)
        if refreshMap { await refresh(avoiding: nil) }
        asking = nil
      }
      sent = plan.resend
      attempt += 1
    }
  }

  /// The primary for `slot`; any primary, in turn, for commands without keys or a slot the
  /// map does not cover (the node then redirects or answers `CLUSTERDOWN`).
  private func owner(of slot: Int?) async throws(RedisError) -> RedisNodeAddress {
    if state.withLock({ $0.map == nil }) {
      guard await refresh(avoiding: nil) else {
        throw .connection("no cluster node answered CLUSTER SLOTS (seeds: \(url.seeds))")
      }
    }
    return state.withLock { state in
      let map = state.map!
      if let slot, let owner = map.primary(forSlot: slot) { return owner }
      state.nextPrimary = (state.nextPrimary + 1) % map.nodes.count
      return map.nodes[state.nextPrimary]
    }
  }

  /// Replaces the map with the first `CLUSTER SLOTS` answer from the known primaries, then
  /// their replicas, then the seeds; `avoiding` (a node that just failed) is asked last.
  /// Returns whether some node answered.
  @discardableResult
  private func refresh(avoiding failed: RedisNodeAddress?) async -> Bool {
    var candidates: [RedisNodeAddress] = []
    let known = state.withLock { ($0.map?.nodes ?? []) + ($0.map?.replicas ?? []) }
    for node in known + url.seeds where !candidates.contains(node) { candidates.append(node) }
    if let failed, let index = candidates.firstIndex(of: failed) {
      candidates.append(candidates.remove(at: index))
    }
    for node in candidates {
      guard
        case .success(let replies) = await run([["CLUSTER", "SLOTS"]], on: node, asking: false),
        let map = ClusterSlotMap(clusterSlotsReply: replies[0], askedNode: node)
      else { continue }
      state.withLock { state in
        state.map = map
        state.statistics.mapRefreshes += 1
        state.statistics.primaries = map.nodes.count
        let current = Set(map.nodes + map.replicas)
        state.idle = state.idle.filter { current.contains($0.key) }
      }
      return true
    }
    return false
  }

  /// Refreshes the map in a background task, unless one is already running.
  private func scheduleRefresh() {
    let start = state.withLock { state in
      guard !state.refreshing else { return false }
      state.refreshing = true
      return true
    }
    guard start else { return }
    Task { [self] in
      await refresh(avoiding: nil)
      state.withLock { $0.refreshing = false }
    }
  }

  private enum Failure: Error {
    /// Could not connect (or authenticate): the commands were not sent.
    case couldNotConnect(RedisError)
    /// The connection failed mid-way, or the client is shut down.
    case broken(RedisError)
  }

  /// One round trip to `node` on a pool thread. With `asking`, each command is preceded by
  /// `ASKING` (it holds for one command only), whose replies are dropped.
  private func run(_ commands: [RedisCommand], on node: RedisNodeAddress, asking: Bool) async
    -> Result<[RedisValue], Failure>
  {
    do {
      return try await threads.runIfActive { [self] () -> Result<[RedisValue], Failure> in
        let connection: RedisConnection
        do throws(RedisError) {
          connection = try borrow(node)
        } catch {
          forget(node)
          return .failure(.couldNotConnect(error))
        }
        defer { giveBack(connection, to: node) }
        do throws(RedisError) {
          guard asking else { return .success(try connection.pipeline(commands)) }
          let replies = try connection.pipeline(commands.flatMap { [["ASKING"], $0] })
          return .success(stride(from: 1, to: replies.count, by: 2).map { replies[$0] })
        } catch {
          forget(node)
          return .failure(.broken(error))
        }
      }
    } catch {
      return .failure(.broken(.shutdown))
    }
  }

  private func borrow(_ node: RedisNodeAddress) throws(RedisError) -> RedisConnection {
    if let connection = state.withLock({ $0.idle[node]?.popLast() }) { return connection }
    return try RedisConnection(
      url: url.node(node), connectTimeout: connectTimeout, commandTimeout: commandTimeout)
  }

  private func giveBack(_ connection: RedisConnection, to node: RedisNodeAddress) {
    guard !connection.isBroken else { return }
    state.withLock { $0.idle[node, default: []].append(connection) }
  }

  /// Drops the node's idle connections: after one failed, the others likely lead to the
  /// same dead process, and each would fail its next command.
  private func forget(_ node: RedisNodeAddress) {
    state.withLock { _ = $0.idle.removeValue(forKey: node) }
  }
}
