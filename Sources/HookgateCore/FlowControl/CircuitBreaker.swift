/// One handler's circuit breaker, as a pure state machine: the dispatcher asks it for a
/// ``Permit`` before reading jobs and tells it each attempt's ``AttemptHealth``; the clock
/// is passed in, so tests drive minutes of behaviour in microseconds.
///
/// - closed: everything passes. Opens after `failures` consecutive failures, or when at
///   least `minimumAttempts` attempts in the last `window` failed `ratio` or more of the time.
/// - open: nothing passes until the cool-down ends (`cooldown`, doubled by each failed
///   probe, at most `maxCooldown`).
/// - half-open: one probe at a time; `successes` successful probes close the breaker, a
///   failed one reopens it.
///
/// Each gateway instance keeps its own breaker (as Hystrix does): no coordination on the
/// hot path, and an instance that cannot reach the handler stops by itself.
public struct CircuitBreaker: Sendable {
  public typealias Instant = ContinuousClock.Instant

  public enum State: String, Sendable, Equatable {
    case closed
    case open
    case halfOpen = "half_open"
  }

  /// What the dispatcher may do now.
  public enum Permit: Sendable, Equatable {
    /// Read and attempt jobs as usual.
    case pass
    /// Read one job and attempt it as the probe; report it with `probe: true`.
    case probe
    /// Read nothing; ask again at `until` (nil: when the probe in flight finishes).
    case wait(until: Instant?)
  }

  /// A change of state, for the log and the published `hookgate:breaker:<handler>` hash.
  public struct Transition: Sendable, Equatable {
    public var from: State
    public var to: State
    /// Consecutive failures when it happened.
    public var failures: Int
    /// Why, for the log: "10 consecutive failures", "probe failed", …
    public var reason: String
  }

  public let policy: BreakerPolicy
  public private(set) var state: State = .closed
  /// Failed attempts since the last healthy one.
  public private(set) var consecutiveFailures = 0
  /// Times the breaker opened since it was created (a counter for metrics).
  public private(set) var opened = 0
  private var openUntil: Instant? = nil
  private var currentCooldown: Duration
  private var probeInFlight = false
  private var probeSuccesses = 0
  private var window: AttemptWindow

  public init(policy: BreakerPolicy) {
    self.policy = policy
    self.currentCooldown = policy.cooldown
    self.window = AttemptWindow(length: policy.window)
  }

  /// May jobs be read now? Moves an open breaker whose cool-down ended to half-open.
  public mutating func permit(now: Instant) -> Permit {
    switch state {
    case .closed:
      return .pass
    case .open:
      guard let until = openUntil, now >= until else { return .wait(until: openUntil) }
      state = .halfOpen
      probeSuccesses = 0
      probeInFlight = false
      fallthrough
    case .halfOpen:
      if probeInFlight { return .wait(until: nil) }
      probeInFlight = true
      return .probe
    }
  }

  /// The probe a ``Permit/probe`` allowed found no job to attempt: let the next one through.
  public mutating func probeUnused() {
    probeInFlight = false
  }

  /// Records an attempt's outcome; returns the transition it caused, if any.
  ///
  /// - Parameter probe: whether the attempt was the one a ``Permit/probe`` allowed. Other
  ///   attempts finishing while the breaker is open or half-open started before it opened:
  ///   they update the counts but do not decide anything.
  public mutating func record(_ health: AttemptHealth, probe: Bool = false, now: Instant)
    -> Transition?
  {
    switch health {
    case .neutral:
      if probe { probeInFlight = false }
      return nil
    case .healthy:
      consecutiveFailures = 0
      window.add(failed: false, now: now)
    case .failing:
      consecutiveFailures += 1
      window.add(failed: true, now: now)
    }
    switch state {
    case .closed:
      guard health == .failing else { return nil }
      if consecutiveFailures >= policy.failures {
        return open(now: now, reason: "\(consecutiveFailures) consecutive failures")
      }
      let (attempts, failed) = window.counts(now: now)
      if attempts >= policy.minimumAttempts,
        Double(failed) >= policy.ratio * Double(attempts)
      {
        return open(now: now, reason: "\(failed) of \(attempts) attempts failed")
      }
      return nil
    case .open:
      return nil
    case .halfOpen:
      guard probe else { return nil }
      probeInFlight = false
      if health == .failing {
        currentCooldown = min(currentCooldown * 2, policy.maxCooldown)
        return open(now: now, reason: "probe failed")
      }
      probeSuccesses += 1
      guard probeSuccesses >= policy.successes else { return nil }
      state = .closed
      currentCooldown = policy.cooldown
      window = AttemptWindow(length: policy.window)
      return Transition(
        from: .halfOpen, to: .closed, failures: consecutiveFailures,
        reason: "\(probeSuccesses) probe\(probeSuccesses == 1 ? "" : "s") succeeded")
    }
  }

  /// When an open breaker lets the next probe through.
  public var reopensAt: Instant? { state == .open ? openUntil : nil }

  private mutating func open(now: Instant, reason: String) -> Transition {
    let from = state
    state = .open
    openUntil = now + currentCooldown
    opened += 1
    return Transition(
      from: from, to: .open, failures: consecutiveFailures,
      reason: "\(reason); next probe in \(currentCooldown)")
  }
}

/// Attempt counts over a sliding window, kept in ten buckets so memory stays constant
/// however many attempts a busy handler makes.
struct AttemptWindow: Sendable {
  private struct Bucket {
    var start: ContinuousClock.Instant
    var attempts = 0
    var failed = 0
  }

  let length: Duration
  private var buckets: [Bucket] = []

  init(length: Duration) {
    self.length = length
  }

  private var bucketLength: Duration { length / 10 }

  mutating func add(failed: Bool, now: ContinuousClock.Instant) {
    drop(before: now - length)
    if buckets.isEmpty || now - buckets[buckets.count - 1].start >= bucketLength {
      buckets.append(Bucket(start: now))
    }
    buckets[buckets.count - 1].attempts += 1
    if failed { buckets[buckets.count - 1].failed += 1 }
  }

  mutating func counts(now: ContinuousClock.Instant) -> (attempts: Int, failed: Int) {
    drop(before: now - length)
    return buckets.reduce((0, 0)) { ($0.0 + $1.attempts, $0.1 + $1.failed) }
  }

  private mutating func drop(before cutoff: ContinuousClock.Instant) {
    let width = bucketLength
    buckets.removeAll { $0.start + width <= cutoff }
  }
}
