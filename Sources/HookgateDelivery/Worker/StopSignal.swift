import Synchronization

/// Tells a ``HandlerDispatcher`` to stop taking jobs while the deliveries it already holds
/// finish, and lets whoever stopped it wait until it no longer reads the queue.
///
/// Cancelling its task instead would cancel those deliveries too, and a job cut off
/// mid-request is delivered again after the visibility timeout. Waiting for the read in
/// progress matters because a read blocks for a moment: a job that arrives during it would
/// otherwise go out with the old settings after the reload was reported done.
final class StopSignal: Sendable {
  private struct State {
    var raised = false
    /// Reads in progress: one per partition's reader at most.
    var reading = 0
    var waiters: [CheckedContinuation<Void, Never>] = []

    mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
      defer { waiters = [] }
      return waiters
    }
  }

  private let state = Mutex(State())

  func raise() {
    let waiters = state.withLock { state in
      state.raised = true
      return state.reading > 0 ? [] : state.takeWaiters()
    }
    for waiter in waiters { waiter.resume() }
  }

  var isRaised: Bool { state.withLock { $0.raised } }

  /// Runs `read` unless the signal was raised (then nil, and `read` never runs).
  func whileReading<T>(_ read: () async throws -> T) async rethrows -> T? {
    let allowed = state.withLock { state in
      guard !state.raised else { return false }
      state.reading += 1
      return true
    }
    guard allowed else { return nil }
    defer {
      let waiters = state.withLock { state in
        state.reading -= 1
        return state.raised && state.reading == 0 ? state.takeWaiters() : []
      }
      for waiter in waiters { waiter.resume() }
    }
    return try await read()
  }

  /// Returns once the signal is raised and no read is in progress: from then on the
  /// dispatcher takes no job.
  func stoppedReading() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let now = state.withLock { state in
        guard state.raised, state.reading == 0 else {
          state.waiters.append(continuation)
          return false
        }
        return true
      }
      if now { continuation.resume() }
    }
  }
}
