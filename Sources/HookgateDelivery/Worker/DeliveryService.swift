import Foundation
import HookgateCore
import HookgateRedis
import Logging

/// Runs one ``HandlerDispatcher`` per configured handler until cancelled.
public struct DeliveryService: Sendable {
  public let config: GatewayConfig
  public let queue: JobQueue
  public let http: CurlHTTPClient
  public let consumer: String
  public let logger: Logger
  /// Per handler: breaker state, pause, rate waits on this instance (for metrics).
  public let flowStatus: [String: HandlerFlowStatus]

  public init(config: GatewayConfig, queue: JobQueue, http: CurlHTTPClient, logger: Logger) {
    self.config = config
    self.queue = queue
    self.http = http
    // Unique per process: a restarted gateway is a new consumer, and the jobs its
    // predecessor held are claimed after the visibility timeout.
    let host = ProcessInfo.processInfo.hostName
    self.consumer = "\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    self.logger = logger
    self.flowStatus = config.handlers.mapValues { _ in HandlerFlowStatus() }
  }

  public func run() async throws {
    var queue = queue
    queue.attemptLogTTL = config.defaults.attemptLogTTL
    let dispatchers = try config.handlers.values.sorted { $0.name < $1.name }.map {
      try HandlerDispatcher(
        handler: $0, queue: queue, http: http, consumer: consumer, logger: logger,
        flowStatus: flowStatus[$0.name] ?? HandlerFlowStatus())
    }
    await withDiscardingTaskGroup { group in
      for dispatcher in dispatchers {
        group.addTask { await dispatcher.run() }
      }
      group.addTask { await trimUnroutedPeriodically() }
    }
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
