import Foundation
import HookgateCore
import HookgateRedis
import Logging
import Synchronization

/// Decides when a handler's dispatcher may read jobs: not while the handler is paused (on any
/// instance), not while this instance's circuit breaker is open, and not faster than the
/// handler's rate limit.
///
/// The gate is passed before a job is read, so a job that waits stays unread in the stream:
/// it is neither lost nor pending with a consumer (where the visibility timeout would hand
/// it to another), and no attempt is spent on it.
final class FlowGate: Sendable {
  /// How many jobs the dispatcher may read now, and whether the one job is a breaker probe.
  struct Admission: Sendable {
    var count: Int
    var probe: Bool
  }

  /// How often every instance looks whether the handler was paused or resumed.
  static let pauseRecheck: Duration = .seconds(1)
  /// The longest single sleep, so a pause or shutdown is noticed within it.
  static let longestNap: Duration = .seconds(1)

  let handler: Handler
  let queue: JobQueue
  let logger: Logger
  let status: HandlerFlowStatus
  private let breaker: Mutex<CircuitBreaker?>
  private let pause = Mutex<(checked: ContinuousClock.Instant?, state: PauseState?)>((nil, nil))

  init(handler: Handler, queue: JobQueue, logger: Logger, status: HandlerFlowStatus) {
    self.handler = handler
    self.queue = queue
    self.logger = logger
    self.status = status
    self.breaker = Mutex(handler.delivery.breaker.map { CircuitBreaker(policy: $0) })
    DeliveryMetrics.breaker(handler: handler.name, state: .closed)
  }

  /// Waits until jobs may be read, and says how many (at most `wanted`, at least one).
  /// Returns nil when the task was cancelled.
  func admit(upTo wanted: Int, unless stop: StopSignal) async -> Admission? {
    // Naps last at most ``longestNap``, so a stop (reload, shutdown) is noticed within it.
    while !Task.isCancelled && !stop.isRaised {
      if await currentPause() != nil {
        await nap(Self.pauseRecheck)
        continue
      }
      let now = ContinuousClock.now
      let (permit, halfOpened) = breaker.withLock { breaker -> (CircuitBreaker.Permit, Bool) in
        guard breaker != nil else { return (.pass, false) }
        let before = breaker!.state
        let permit = breaker!.permit(now: now)
        return (permit, before == .open && breaker!.state == .halfOpen)
      }
      if halfOpened {
        logger.info("circuit breaker half-open: probing \(handler.name) with one job")
        await publish(.halfOpen)
      }
      var admission: Admission
      switch permit {
      case .wait(let until):
        await nap(until.map { $0 - now } ?? .milliseconds(50))
        continue
      case .probe: admission = Admission(count: 1, probe: true)
      case .pass: admission = Admission(count: max(1, wanted), probe: false)
      }
      if let rate = handler.rateLimit {
        // One permit, one job: permits are spaced evenly, never handed out in bulk.
        admission.count = 1
        let wait: Duration?
        do {
          wait = try await queue.takeRatePermit(handler: handler.name, rate: rate)
        } catch {
          logger.warning("could not take a rate-limit permit", metadata: ["error": "\(error)"])
          wait = .milliseconds(500)
        }
        if let wait {
          if admission.probe { breaker.withLock { $0?.probeUnused() } }
          status.update {
            $0.rateWaits += 1
            DeliveryMetrics.rateWait(handler: handler.name)
            $0.rateWaitedMilliseconds += wait.milliseconds
          }
          await nap(wait)
          continue
        }
      }
      return admission
    }
    return nil
  }

  /// Hands back what an admission allowed but the read did not use: no job was waiting.
  func used(_ admission: Admission, read: Int) async {
    if admission.probe {
      if read == 0 {
        breaker.withLock { $0?.probeUnused() }
      } else {
        status.update { $0.probes += 1 }
      }
    }
    if read == 0, let rate = handler.rateLimit {
      try? await queue.returnRatePermit(handler: handler.name, rate: rate)
    }
  }

  /// The probe's job is done with, whatever happened to it (even when it was unreadable and
  /// never attempted): the next probe may go when the breaker allows.
  func probeFinished() {
    breaker.withLock { $0?.probeUnused() }
  }

  /// Feeds an attempt's result to the breaker; logs and publishes any transition.
  func record(_ result: AttemptResult, probe: Bool) async {
    let now = ContinuousClock.now
    let (transition, failures, opened) = breaker.withLock {
      breaker -> (CircuitBreaker.Transition?, Int, Int) in
      let transition = breaker?.record(AttemptHealth(result), probe: probe, now: now)
      return (transition, breaker?.consecutiveFailures ?? 0, breaker?.opened ?? 0)
    }
    status.update {
      $0.consecutiveFailures = failures
      $0.breakerOpened = opened
    }
    guard let transition else { return }
    let metadata: Logger.Metadata = [
      "from": "\(transition.from.rawValue)", "to": "\(transition.to.rawValue)",
      "failures": "\(transition.failures)", "reason": "\(transition.reason)",
    ]
    if transition.to == .open {
      logger.warning(
        "circuit breaker open: deliveries to \(handler.name) wait", metadata: metadata)
    } else {
      logger.info("circuit breaker closed: \(handler.name) recovered", metadata: metadata)
    }
    await publish(transition.to, failures: transition.failures)
  }

  /// The handler answered 410 Gone: pause it for every instance and raise the alert.
  func pauseForGone(eventID: String) async {
    status.update { $0.goneAnswers += 1 }
    DeliveryMetrics.gone(handler: handler.name)
    let reason = "the handler answered 410 Gone"
    do {
      try await queue.pause(handler: handler.name, reason: reason)
    } catch {
      logger.error(
        "could not record the pause in redis; this instance pauses for about a second",
        metadata: ["error": "\(error)"])
    }
    let alreadyPaused = pause.withLock { pause in
      defer { pause = (.now, pause.state ?? PauseState(reason: reason, since: "")) }
      return pause.state != nil
    }
    status.update {
      $0.paused = true
      $0.pauseReason = $0.pauseReason ?? reason
    }
    guard !alreadyPaused else { return }
    let message =
      "handler \(handler.name) paused: it answered 410 Gone; its jobs wait in the queue until"
      + " `hookgate resume --handler \(handler.name)`"
    logger.error(
      "\(message)",
      metadata: ["event_id": "\(eventID)"])
  }

  /// The pause in force, looked up in Redis at most once per ``pauseRecheck``.
  private func currentPause() async -> PauseState? {
    let now = ContinuousClock.now
    let cached = pause.withLock { $0 }
    if let checked = cached.checked, now - checked < Self.pauseRecheck { return cached.state }
    let state: PauseState?
    do {
      state = try await queue.pauseState(handler: handler.name)
    } catch {
      // Keep what we knew: a Redis hiccup neither pauses nor resumes a handler.
      pause.withLock { $0.checked = now }
      return cached.state
    }
    pause.withLock { $0 = (now, state) }
    DeliveryMetrics.paused(handler: handler.name, state != nil)
    status.update {
      $0.paused = state != nil
      $0.pauseReason = state?.reason
    }
    if let state, cached.state == nil {
      logger.error(
        "handler \(handler.name) is paused; deliveries wait until it is resumed",
        metadata: ["reason": "\(state.reason)", "since": "\(state.since)"])
    } else if state == nil, cached.state != nil {
      logger.info("handler \(handler.name) resumed; delivering its queue")
    }
    return state
  }

  private func publish(_ state: CircuitBreaker.State, failures: Int? = nil) async {
    let failures = failures ?? breaker.withLock { $0?.consecutiveFailures ?? 0 }
    status.update { $0.breaker = state }
    DeliveryMetrics.breaker(handler: handler.name, state: state)
    let since = Timestamp.rfc3339(
      epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    do {
      try await queue.publishBreaker(
        handler: handler.name, state: state.rawValue, since: since, failures: failures)
    } catch {
      logger.warning("could not publish the breaker state", metadata: ["error": "\(error)"])
    }
  }

  private func nap(_ duration: Duration) async {
    try? await Task.sleep(for: min(max(duration, .milliseconds(1)), Self.longestNap))
  }
}
