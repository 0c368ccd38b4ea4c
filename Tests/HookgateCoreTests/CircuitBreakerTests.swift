import Testing

@testable import HookgateCore

/// The breaker runs on an injected clock: every test is minutes of breaker time, in
/// microseconds of real time.
private let start = ContinuousClock.now

private func at(_ seconds: Double) -> ContinuousClock.Instant {
  start + .milliseconds(Int64(seconds * 1000))
}

private let policy = BreakerPolicy(
  failures: 3, ratio: 0.5, minimumAttempts: 10, window: .seconds(60), cooldown: .seconds(30),
  maxCooldown: .seconds(100), successes: 2)

/// A breaker that just opened at `t = 0` after three failures.
private func openBreaker() -> CircuitBreaker {
  var breaker = CircuitBreaker(policy: policy)
  for _ in 0..<3 { _ = breaker.record(.failing, now: at(0)) }
  return breaker
}

@Suite("CircuitBreaker")
struct CircuitBreakerTests {
  @Test func closedBreakerLetsEverythingPass() {
    var breaker = CircuitBreaker(policy: policy)
    #expect(breaker.permit(now: at(0)) == .pass)
    #expect(breaker.state == .closed)
  }

  @Test func opensAfterTheConfiguredConsecutiveFailures() {
    var breaker = CircuitBreaker(policy: policy)
    #expect(breaker.record(.failing, now: at(0)) == nil)
    #expect(breaker.record(.failing, now: at(1)) == nil)
    let transition = breaker.record(.failing, now: at(2))
    #expect(transition?.from == .closed)
    #expect(transition?.to == .open)
    #expect(transition?.failures == 3)
    #expect(breaker.state == .open)
    #expect(breaker.opened == 1)
  }

  @Test func aHealthyAttemptResetsTheConsecutiveCount() {
    var breaker = CircuitBreaker(policy: policy)
    _ = breaker.record(.failing, now: at(0))
    _ = breaker.record(.failing, now: at(1))
    _ = breaker.record(.healthy, now: at(2))
    #expect(breaker.consecutiveFailures == 0)
    #expect(breaker.record(.failing, now: at(3)) == nil)
    #expect(breaker.state == .closed)
  }

  @Test func opensWhenTheFailureRatioInTheWindowReachesTheThreshold() {
    var breaker = CircuitBreaker(policy: policy)
    // Alternating: never three failures in a row, but half of the attempts fail.
    var transitions: [CircuitBreaker.Transition] = []
    for index in 0..<10 {
      let health: AttemptHealth = index.isMultiple(of: 2) ? .healthy : .failing
      if let transition = breaker.record(health, now: at(Double(index))) {
        transitions.append(transition)
      }
    }
    #expect(transitions.map(\.to) == [.open])
    #expect(transitions.first?.reason.hasPrefix("5 of 10 attempts failed") == true)
  }

  @Test func fewerAttemptsThanTheMinimumNeverOpenOnRatio() {
    var breaker = CircuitBreaker(policy: policy)
    for index in 0..<9 {
      _ = breaker.record(index.isMultiple(of: 2) ? .failing : .healthy, now: at(Double(index)))
    }
    #expect(breaker.state == .closed)
  }

  @Test func attemptsOlderThanTheWindowNoLongerCount() {
    var breaker = CircuitBreaker(policy: policy)
    // Nine attempts, five failed, then a minute of quiet: they slide out of the window.
    for index in 0..<9 {
      _ = breaker.record(index.isMultiple(of: 2) ? .failing : .healthy, now: at(Double(index)))
    }
    _ = breaker.record(.healthy, now: at(120))
    #expect(breaker.record(.failing, now: at(121)) == nil)
    #expect(breaker.state == .closed)
  }

  @Test func openBreakerMakesJobsWaitUntilTheCooldownEnds() {
    var breaker = openBreaker()
    #expect(breaker.permit(now: at(1)) == .wait(until: at(30)))
    #expect(breaker.permit(now: at(29.9)) == .wait(until: at(30)))
    #expect(breaker.state == .open)
  }

  @Test func afterTheCooldownOneProbeAtATimeGoesThrough() {
    var breaker = openBreaker()
    #expect(breaker.permit(now: at(30)) == .probe)
    #expect(breaker.state == .halfOpen)
    #expect(breaker.permit(now: at(30.1)) == .wait(until: nil))
  }

  @Test func halfOpenClosesAfterTheConfiguredProbeSuccesses() {
    var breaker = openBreaker()
    #expect(breaker.permit(now: at(30)) == .probe)
    #expect(breaker.record(.healthy, probe: true, now: at(30.5)) == nil)
    #expect(breaker.state == .halfOpen)
    #expect(breaker.permit(now: at(31)) == .probe)
    let transition = breaker.record(.healthy, probe: true, now: at(31.5))
    #expect(transition?.from == .halfOpen)
    #expect(transition?.to == .closed)
    #expect(breaker.permit(now: at(32)) == .pass)
  }

  @Test func aFailedProbeReopensWithTheCooldownDoubledUpToTheCap() {
    var breaker = openBreaker()
    var reopenedAt: [ContinuousClock.Instant?] = []
    var now = 30.0
    for _ in 0..<3 {
      #expect(breaker.permit(now: at(now)) == .probe)
      #expect(breaker.record(.failing, probe: true, now: at(now))?.to == .open)
      reopenedAt.append(breaker.reopensAt)
      now = (breaker.reopensAt.map { Double(($0 - start).components.seconds) } ?? now)
    }
    // 30 s, then 60 s, 100 s (the cap), 100 s.
    #expect(reopenedAt == [at(90), at(190), at(290)])
    #expect(breaker.opened == 4)
  }

  @Test func closingResetsTheCooldownToTheFirstOne() {
    var breaker = openBreaker()
    _ = breaker.permit(now: at(30))
    _ = breaker.record(.failing, probe: true, now: at(30))  // cool-down now 60 s
    _ = breaker.permit(now: at(90))
    _ = breaker.record(.healthy, probe: true, now: at(90))
    _ = breaker.permit(now: at(91))
    _ = breaker.record(.healthy, probe: true, now: at(91))
    #expect(breaker.state == .closed)
    for _ in 0..<3 { _ = breaker.record(.failing, now: at(100)) }
    #expect(breaker.reopensAt == at(130))
  }

  @Test func resultsOfAttemptsStartedBeforeOpeningDecideNothing() {
    var breaker = openBreaker()
    #expect(breaker.record(.healthy, now: at(1)) == nil)
    #expect(breaker.state == .open)
    _ = breaker.permit(now: at(30))
    #expect(breaker.record(.failing, probe: false, now: at(30.1)) == nil)
    #expect(breaker.state == .halfOpen)
  }

  @Test func anUnusedProbeLetsTheNextOneThrough() {
    var breaker = openBreaker()
    #expect(breaker.permit(now: at(30)) == .probe)
    breaker.probeUnused()
    #expect(breaker.permit(now: at(30.2)) == .probe)
  }

  @Test func neutralResultsLeaveTheCountsAlone() {
    var breaker = CircuitBreaker(policy: policy)
    _ = breaker.record(.failing, now: at(0))
    _ = breaker.record(.failing, now: at(0))
    _ = breaker.record(.neutral, now: at(0))
    #expect(breaker.consecutiveFailures == 2)
    #expect(breaker.state == .closed)
  }
}

@Suite("AttemptHealth")
struct AttemptHealthTests {
  @Test(arguments: [200, 204, 400, 401, 404, 409, 422])
  func answersOfAWorkingServiceAreHealthy(_ status: Int) {
    #expect(AttemptHealth(.response(status: status)) == .healthy)
  }

  @Test(arguments: [408, 429, 500, 502, 503, 504])
  func overloadAndServerErrorsAreFailing(_ status: Int) {
    #expect(AttemptHealth(.response(status: status)) == .failing)
  }

  @Test func noAnswerIsFailing() {
    #expect(AttemptHealth(.failure("connection refused")) == .failing)
  }

  @Test func goneIsNeutral() {
    #expect(AttemptHealth(.response(status: 410)) == .neutral)
  }
}

@Suite("Rate GCRA parameters")
struct RateGCRATests {
  @Test func threePerSecondSpacesPermitsAThirdOfASecondApartRoundedUp() {
    #expect(Rate(count: 3, per: .seconds(1)).emissionIntervalMicroseconds == 333_334)
  }

  @Test func perMinuteAndPerHourRates() {
    #expect(Rate(count: 500, per: .seconds(60)).emissionIntervalMicroseconds == 120_000)
    #expect(Rate(count: 10_000, per: .seconds(3600)).emissionIntervalMicroseconds == 360_000)
  }

  @Test func anAbsurdlyHighRateStillSpacesPermitsByAtLeastAMicrosecond() {
    #expect(Rate(count: 10_000_000, per: .seconds(1)).emissionIntervalMicroseconds == 1)
  }
}
