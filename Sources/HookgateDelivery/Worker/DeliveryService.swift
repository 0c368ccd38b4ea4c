import Foundation
import HookgateCore
import HookgateRedis
import Logging
import Synchronization

/// Runs one ``HandlerDispatcher`` per configured handler until cancelled, and follows
/// reloads: ``update(to:)`` starts, stops and replaces dispatchers by handler name.
public struct DeliveryService: Sendable {
  /// The configuration the service started with; ``update(to:)`` moves on from it.
  public let config: GatewayConfig
  public let queue: JobQueue
  public let http: CurlHTTPClient
  public let consumer: String
  public let logger: Logger
  private let updates: Updates

  public init(config: GatewayConfig, queue: JobQueue, http: CurlHTTPClient, logger: Logger) {
    self.config = config
    self.queue = queue
    self.http = http
    // Unique per process: a restarted gateway is a new consumer, and the jobs its
    // predecessor held are claimed after the visibility timeout.
    let host = ProcessInfo.processInfo.hostName
    self.consumer = "\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    self.logger = logger
    self.updates = Updates(config: config)
  }

  public func run() async throws {
    let initial = try config.handlers.values.sorted { $0.name < $1.name }.map(makeDispatcher)
    await withDiscardingTaskGroup { group in
      // Handler name → the stop signal of the dispatcher taking its jobs now.
      var running: [String: StopSignal] = [:]
      for dispatcher in initial {
        running[dispatcher.handler.name] = dispatcher.stop
        group.addTask { await dispatcher.run() }
      }
      group.addTask { await trimUnroutedPeriodically() }
      // Ends when the service is cancelled; the group then cancels every dispatcher.
      for await change in updates.stream {
        for name in change.stopping {
          running.removeValue(forKey: name)?.raise()
        }
        for name in change.removed {
          group.addTask { await reportLeftJobs(handler: name) }
        }
        for dispatcher in change.starting {
          running[dispatcher.handler.name] = dispatcher.stop
          group.addTask { await dispatcher.run() }
        }
      }
    }
  }

  /// Moves the delivery side to `config`: dispatchers start for added handlers, stop reading
  /// for removed ones (their jobs stay in Redis), and are replaced for changed ones, so the
  /// next job uses the new settings while deliveries in flight finish with the old ones.
  /// Calls must not overlap; the reloader makes them one at a time.
  ///
  /// - Throws: when a dispatcher for a new or changed handler cannot be built; nothing has
  ///   changed then.
  @discardableResult
  public func update(to config: GatewayConfig) throws -> HandlerChanges {
    try updates.apply(config) { old, new in
      let changes = HandlerChanges(from: old, to: new)
      let starting = try changes.starting.map { try makeDispatcher(new.handlers[$0]!) }
      return (changes, Change(stopping: changes.stopping, removed: changes.removed, starting: starting))
    }
  }

  private func makeDispatcher(_ handler: Handler) throws -> HandlerDispatcher {
    try HandlerDispatcher(
      handler: handler, queue: queue, http: http, consumer: consumer, logger: logger)
  }

  /// Says what a removed handler leaves behind, so an operator who removed it by mistake
  /// knows nothing was lost: the jobs wait until it is configured again.
  private func reportLeftJobs(handler: String) async {
    let keys = queue.keys
    let counts = try? await queue.client.pipeline([
      ["XLEN", keys.jobs(handler: handler)], ["ZCARD", keys.retries(handler: handler)],
    ])
    logger.warning(
      "handler removed from the configuration: its jobs stay in Redis, untouched, and are delivered if it is configured again",
      metadata: [
        "handler": "\(handler)",
        "queued": "\(counts?[0].integer.map(String.init) ?? "unknown")",
        "scheduled_retries": "\(counts?[1].integer.map(String.init) ?? "unknown")",
      ])
  }

  /// How many unrouted events are kept for inspection.
  static let unroutedKept = 10_000

  private func trimUnroutedPeriodically() async {
    while !Task.isCancelled {
      do {
        try await queue.trimUnrouted(keeping: Self.unroutedKept)
      } catch {
        logger.warning("trimming the unrouted stream failed", metadata: ["error": "\(error)"])
      }
      try? await Task.sleep(for: .seconds(60))
    }
  }
}

extension DeliveryService {
  /// One reload's work for the run loop.
  struct Change: Sendable {
    var stopping: [String]
    var removed: [String]
    var starting: [HandlerDispatcher]
  }

  /// The configuration the dispatchers follow, and the changes on their way to the run loop.
  /// The two move together under one lock, so the run loop applies changes in the order
  /// they were computed, each against the configuration the previous one produced.
  final class Updates: Sendable {
    private let current: Mutex<GatewayConfig>
    private let continuation: AsyncStream<Change>.Continuation
    let stream: AsyncStream<Change>

    init(config: GatewayConfig) {
      current = Mutex(config)
      (stream, continuation) = AsyncStream.makeStream(of: Change.self)
    }

    func apply(
      _ config: GatewayConfig,
      _ plan: (GatewayConfig, GatewayConfig) throws -> (HandlerChanges, Change)
    ) throws -> HandlerChanges {
      try current.withLock { current in
        let (changes, change) = try plan(current, config)
        current = config
        if !changes.isEmpty { continuation.yield(change) }
        return changes
      }
    }
  }
}
