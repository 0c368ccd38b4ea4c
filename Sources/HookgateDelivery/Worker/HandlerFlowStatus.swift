import HookgateCore
import Synchronization

/// What flow control is doing to one handler on this instance: the facts its metrics show
/// (breaker state, paused, waits, counters). Written by the handler's ``FlowGate``, read by
/// whoever reports (metrics, admin API).
public final class HandlerFlowStatus: Sendable {
  public struct Snapshot: Sendable, Equatable {
    public var breaker: CircuitBreaker.State = .closed
    /// Consecutive failed attempts seen by this instance's breaker.
    public var consecutiveFailures = 0
    /// Times this instance's breaker opened.
    public var breakerOpened = 0
    /// Whether the handler was paused when this instance last looked (about once a second).
    public var paused = false
    public var pauseReason: String? = nil
    /// 410 Gone answers that paused (or found paused) the handler.
    public var goneAnswers = 0
    /// Times a read waited for the rate limit, and for how long in all.
    public var rateWaits = 0
    public var rateWaitedMilliseconds: Int64 = 0
    /// Jobs attempted as half-open probes.
    public var probes = 0

    public init() {}
  }

  private let state = Mutex(Snapshot())

  public init() {}

  public var snapshot: Snapshot { state.withLock { $0 } }

  func update(_ change: (inout Snapshot) -> Void) {
    state.withLock { change(&$0) }
  }
}

/// Every handler's ``HandlerFlowStatus`` on this instance, made on first use.
public final class FlowStatuses: Sendable {
  private let statuses = Mutex<[String: HandlerFlowStatus]>([:])

  public init() {}

  public subscript(handler: String) -> HandlerFlowStatus {
    statuses.withLock { all in
      if let status = all[handler] { return status }
      let status = HandlerFlowStatus()
      all[handler] = status
      return status
    }
  }
}
