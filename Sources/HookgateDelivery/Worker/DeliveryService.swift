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
  public let queues: QueuePartitions
  public let http: CurlHTTPClient
  public let consumer: String
  public let logger: Logger
  /// Per handler: breaker state, pause, rate waits on this instance (for metrics). Kept by
  /// name, so a dispatcher replaced by a reload carries on its handler's figures.
  public let flowStatus = FlowStatuses()
  private let dispatchers: Dispatchers

  public init(
    config: GatewayConfig, queues: QueuePartitions, http: CurlHTTPClient, logger: Logger
  ) {
    self.config = config
    self.queues = queues
    self.http = http
    // Unique per process: a restarted gateway is a new consumer, and the jobs its
    // predecessor held are claimed after the visibility timeout.
    let host = ProcessInfo.processInfo.hostName
    self.consumer = "\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    self.logger = logger
    self.dispatchers = Dispatchers()
    // Planned here rather than in run(), so that an update arriving before run() starts
    // is planned against these dispatchers; run() reports a failure.
    do {
      _ = try dispatchers.apply(config) { try makeDispatcher($0, defaults: config.defaults) }
    } catch {
      dispatchers.failStart(error)
    }
  }

  public func run() async throws {
    try dispatchers.checkStart()
    await withTaskGroup(of: Void.self) { chores in
      chores.addTask { await trimUnroutedPeriodically() }
      await withDiscardingTaskGroup { group in
        // Ends when ``stopReading()`` finishes the stream, or when the service is cancelled;
        // the group then waits for (or cancels) every dispatcher.
        for await change in dispatchers.changes {
          for name in change.removed {
            group.addTask { await reportLeftJobs(handler: name) }
          }
          for dispatcher in change.starting {
            group.addTask { await dispatcher.run() }
          }
        }
      }
      chores.cancelAll()
    }
  }

  /// The first step of a graceful shutdown: no dispatcher takes another job, and ``run()``
  /// returns once the deliveries in flight have finished. Returns the handlers served.
  @discardableResult
  public func stopReading() -> [String] {
    dispatchers.stopAll()
  }

  /// The last step of a shutdown: jobs this process still holds (deliveries cut off by the
  /// drain bound, acknowledgements lost to a Redis error) become claimable by any other
  /// instance at once, instead of after the visibility timeout.
  public func handBack(handlers: [String]) async -> Int {
    var count = 0
    for handler in handlers {
      do {
        count += try await queues.handBack(handler: handler, consumer: consumer)
      } catch {
        logger.warning(
          "could not hand jobs back; they are claimed after the visibility timeout",
          metadata: ["handler": "\(handler)", "error": "\(error)"])
      }
    }
    return count
  }

  /// Moves the delivery side to `config`: dispatchers start for added handlers, stop reading
  /// for removed ones (their jobs stay in Redis), and are replaced for changed ones; the old
  /// dispatcher finishes its deliveries in flight with the old settings. Returns once no
  /// stopped dispatcher reads the queue any more, so every job read afterwards goes out
  /// with the new settings. Calls must not overlap; the reloader makes them one at a time.
  ///
  /// - Throws: when a dispatcher for a new or changed handler cannot be built; nothing has
  ///   changed then.
  @discardableResult
  public func update(to config: GatewayConfig) async throws -> HandlerChanges {
    let (changes, stopped) = try dispatchers.apply(config) {
      try makeDispatcher($0, defaults: config.defaults)
    }
    for signal in stopped { await signal.stoppedReading() }
    return changes
  }

  private func makeDispatcher(_ handler: Handler, defaults: Defaults) throws -> HandlerDispatcher {
    do {
      return try HandlerDispatcher(
        handler: handler, queues: queues.withAttemptLogTTL(defaults.attemptLogTTL), http: http,
        consumer: consumer, logger: logger,
        flowStatus: flowStatus[handler.name])
    } catch {
      throw DispatcherError(
        description: "handler \(handler.name): cannot start delivering: \(error)")
    }
  }

  /// Says what a removed handler leaves behind, so an operator who removed it by mistake
  /// knows nothing was lost: the jobs wait until it is configured again.
  private func reportLeftJobs(handler: String) async {
    let counts = try? await queues.backlog(handler: handler)
    logger.warning(
      "handler removed from the configuration: its jobs stay in Redis, untouched, and are delivered if it is configured again",
      metadata: [
        "handler": "\(handler)",
        "queued": "\(counts.map { String($0.queued) } ?? "unknown")",
        "scheduled_retries": "\(counts.map { String($0.retrying) } ?? "unknown")",
      ])
  }

  /// How many unrouted events are kept for inspection.
  static let unroutedKept = 10_000

  private func trimUnroutedPeriodically() async {
    while !Task.isCancelled {
      do {
        for queue in queues.queues { try await queue.trimUnrouted(keeping: Self.unroutedKept) }
      } catch {
        logger.warning("trimming the unrouted stream failed", metadata: ["error": "\(error)"])
      }
      try? await Task.sleep(for: .seconds(60))
    }
  }
}

/// Why ``DeliveryService/update(to:)`` refused a configuration.
public struct DispatcherError: Error, CustomStringConvertible {
  public let description: String
}
