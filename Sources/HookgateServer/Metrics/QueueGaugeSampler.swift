import HookgateRedis
import Logging
import Metrics
import ServiceLifecycle

/// Samples each handler's queue depths into gauges every few seconds. Gauges read from Redis
/// rather than counted in process, so every instance reports the shared truth and a restart
/// loses nothing.
struct QueueGaugeSampler: Service {
  let queues: QueuePartitions
  /// The handlers of the configuration in force (it changes on reload).
  let handlers: @Sendable () -> [String]
  let logger: Logger
  var every: Duration = .seconds(5)

  func run() async throws {
    // Ends quietly on shutdown: an error here would make the group cancel delivery's drain.
    await cancelWhenGracefulShutdown {
      while !Task.isCancelled {
        await sample()
        try? await Task.sleep(for: every)
      }
    }
  }

  private func sample() async {
    for handler in handlers() {
      do {
        let depth = try await queues.backlog(handler: handler)
        Gauge(
          label: "hookgate_backlog_jobs", dimensions: [("handler", handler), ("state", "queued")]
        )
        .record(depth.queued)
        Gauge(
          label: "hookgate_backlog_jobs", dimensions: [("handler", handler), ("state", "retrying")]
        ).record(depth.retrying)
        Gauge(label: "hookgate_dead_letters", dimensions: [("handler", handler)]).record(depth.dead)
      } catch {
        logger.debug("sampling queue depth failed", metadata: ["error": "\(error)"])
      }
    }
  }
}
