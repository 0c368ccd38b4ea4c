import HookgateCore
import Synchronization

extension DeliveryService {
  /// Dispatchers to start, and removed handlers to report, for the run loop.
  struct Change: Sendable {
    var removed: [String]
    var starting: [HandlerDispatcher]
  }

  /// The configuration the dispatchers follow and the stop signal of each running one.
  ///
  /// Both move together under one lock and the changes leave in the same step, so the run
  /// loop starts dispatchers in the order they were planned, each plan made against the
  /// configuration the previous one produced.
  final class Dispatchers: Sendable {
    private struct State {
      /// Empty at first: the first plan adds every handler.
      var config = GatewayConfig()
      /// Handler name → the stop signal of the dispatcher taking its jobs now.
      var running: [String: StopSignal] = [:]
      var startFailure: DispatcherError?
    }

    private let state = Mutex(State())
    private let continuation: AsyncStream<Change>.Continuation
    let changes: AsyncStream<Change>

    init() {
      (changes, continuation) = AsyncStream.makeStream(of: Change.self)
    }

    /// Plans the move to `config`, raises the stop signal of every dispatcher that goes, and
    /// sends the new ones to the run loop. Returns the stopped signals.
    ///
    /// - Throws: if `build` fails for any handler, before anything changed.
    func apply(_ config: GatewayConfig, build: (Handler) throws -> HandlerDispatcher) throws
      -> (HandlerChanges, [StopSignal])
    {
      try state.withLock { state in
        let changes = HandlerChanges(from: state.config, to: config)
        let starting = try changes.starting.map { try build(config.handlers[$0]!) }
        let stopped = changes.stopping.compactMap { state.running.removeValue(forKey: $0) }
        for signal in stopped { signal.raise() }
        for dispatcher in starting { state.running[dispatcher.handler.name] = dispatcher.stop }
        state.config = config
        if !changes.isEmpty {
          continuation.yield(Change(removed: changes.removed, starting: starting))
        }
        return (changes, stopped)
      }
    }

    /// Stops every dispatcher from taking jobs and ends the run loop's stream of changes:
    /// the run loop returns once their deliveries in flight have finished. Returns the
    /// handlers they served.
    func stopAll() -> [String] {
      let (signals, handlers) = state.withLock { state in
        defer { state.running = [:] }
        return (Array(state.running.values), Array(state.config.handlers.keys))
      }
      for signal in signals { signal.raise() }
      continuation.finish()
      return handlers.sorted()
    }

    func failStart(_ error: any Error) {
      let failure =
        error as? DispatcherError ?? DispatcherError(description: "\(error)")
      state.withLock { $0.startFailure = failure }
    }

    func checkStart() throws(DispatcherError) {
      if let failure = state.withLock({ $0.startFailure }) { throw failure }
    }
  }
}
