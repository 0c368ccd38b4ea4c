import Logging
import NIOPosix
import Synchronization

/// A pool of blocking hiredis connections driven from a dedicated thread pool, so Swift
/// concurrency's cooperative threads never block on Redis.
///
/// At most `connections` commands run at once (one per pool thread); each borrows an idle
/// connection or opens a new one. A connection that failed is dropped, so the next command
/// reconnects: when Redis comes back after a restart, the client recovers by itself.
///
/// With a `redis+cluster://` URL the same API talks to a Redis Cluster: see
/// ``RedisClusterRouter`` for how commands are routed and redirects followed.
public final class RedisClient: Sendable {
  public struct Configuration: Sendable {
    public var url: RedisURL
    public var connections: Int
    public var connectTimeout: Duration
    /// How long a command may take before the connection is given up and the caller told.
    /// Must exceed any `BLOCK` time used on this client.
    public var commandTimeout: Duration

    public init(
      url: RedisURL, connections: Int = 8, connectTimeout: Duration = .seconds(1),
      commandTimeout: Duration = .seconds(2)
    ) {
      self.url = url
      self.connections = connections
      self.connectTimeout = connectTimeout
      self.commandTimeout = commandTimeout
    }
  }

  public let configuration: Configuration
  private let threads: NIOThreadPool
  private let idle = Mutex<[RedisConnection]>([])
  /// Set in cluster mode, which then handles every pipeline.
  private let cluster: RedisClusterRouter?

  public init(configuration: Configuration) {
    self.configuration = configuration
    threads = NIOThreadPool(numberOfThreads: configuration.connections)
    threads.start()
    cluster =
      configuration.url.cluster
      ? RedisClusterRouter(
        url: configuration.url, connectTimeout: configuration.connectTimeout,
        commandTimeout: configuration.commandTimeout, threads: threads) : nil
  }

  public func shutdown() async {
    try? await threads.shutdownGracefully()
    idle.withLock { $0.removeAll() }
    cluster?.dropConnections()
  }

  /// In cluster mode, how the cluster's changes were handled so far; nil for a single Redis.
  public var clusterStatistics: RedisClusterStatistics? {
    cluster?.statistics
  }

  public func send(_ command: RedisCommand) async throws(RedisError) -> RedisValue {
    try await pipeline([command])[0]
  }

  /// Sends the commands in one round trip on one connection and returns their replies in
  /// order. Error replies come back as ``RedisValue/error(_:)``; a connection failure throws.
  ///
  /// In cluster mode every key of the pipeline must hash to one slot (else
  /// ``RedisError/crossSlot(_:)`` before anything is sent); commands without keys go along.
  public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
    if let cluster { return try await cluster.pipeline(commands) }
    do {
      return try await threads.runIfActive { [self] in
        let connection = try borrow()
        defer { giveBack(connection) }
        return try connection.pipeline(commands)
      }
    } catch let error as RedisError {
      throw error
    } catch {
      throw .shutdown
    }
  }

  /// Runs a Lua script by its SHA, loading it on the first `NOSCRIPT` (after a Redis restart
  /// or `SCRIPT FLUSH` the cache is empty).
  public func evaluate(_ script: RedisScript, keys: [String], arguments: [[UInt8]])
    async throws(RedisError) -> RedisValue
  {
    try await evaluate(script, keys: keys, arguments: arguments, followedBy: [])[0]
      .throwingOnError()
  }

  /// Runs a Lua script and then `commands` on the same connection in one round trip — what
  /// `WAIT` needs, since it only counts the writes of its own connection.
  ///
  /// - Returns: the script's reply, then each command's.
  public func evaluate(
    _ script: RedisScript, keys: [String], arguments: [[UInt8]], followedBy commands: [RedisCommand]
  ) async throws(RedisError) -> [RedisValue] {
    try await script.run(
      keys: keys, arguments: arguments, followedBy: commands, through: pipeline)
  }

  private func borrow() throws(RedisError) -> RedisConnection {
    if let connection = idle.withLock({ $0.popLast() }) { return connection }
    return try RedisConnection(
      url: configuration.url, connectTimeout: configuration.connectTimeout,
      commandTimeout: configuration.commandTimeout)
  }

  private func giveBack(_ connection: RedisConnection) {
    guard !connection.isBroken else { return }
    idle.withLock { $0.append(connection) }
  }
}

extension RedisValue {
  /// The reply itself, or the error reply as a thrown ``RedisError/server(_:)``.
  public func throwingOnError() throws(RedisError) -> RedisValue {
    if case .error(let message) = self { throw .server(message) }
    return self
  }
}
