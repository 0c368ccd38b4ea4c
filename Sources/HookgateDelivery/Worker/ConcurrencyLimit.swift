import Synchronization

/// Bounds how many deliveries one handler has in flight: `acquire` waits while every slot is
/// taken, `release` hands a slot to the next waiter.
final class ConcurrencyLimit: Sendable {
  private struct State {
    var available: Int
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  private let state: Mutex<State>

  init(slots: Int) {
    state = Mutex(State(available: max(1, slots)))
  }

  func acquire() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let granted = state.withLock { state in
        guard state.available > 0 else {
          state.waiters.append(continuation)
          return false
        }
        state.available -= 1
        return true
      }
      if granted { continuation.resume() }
    }
  }

  /// Takes up to `count` free slots without waiting; returns how many it took.
  func acquireAvailable(upTo count: Int) -> Int {
    state.withLock { state in
      let taken = min(count, state.available)
      state.available -= taken
      return taken
    }
  }

  func release(_ count: Int = 1) {
    for _ in 0..<count {
      let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
        if state.waiters.isEmpty {
          state.available += 1
          return nil
        }
        return state.waiters.removeFirst()
      }
      waiter?.resume()
    }
  }
}

extension ConcurrencyLimit {
  /// One slot taken for one delivery, given back by whichever comes first: the handler's
  /// answer (the slot bounds requests in flight to the handler, not the bookkeeping after
  /// them) or the end of the delivery. Later calls do nothing.
  final class Slot: Sendable {
    private let limit: ConcurrencyLimit
    private let released = Atomic<Bool>(false)

    init(of limit: ConcurrencyLimit) {
      self.limit = limit
    }

    func release() {
      guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
      limit.release()
    }
  }
}
