import Testing

@testable import HookgateCore

private let schedule: [Duration] = [.seconds(5), .seconds(30), .seconds(120)]

private func isClose(_ lhs: Duration, _ rhs: Duration) -> Bool {
  abs((lhs - rhs).seconds) < 1e-6
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
  @Test func maxAttemptsIsOneFirstAttemptPlusOnePerScheduleEntry() {
    #expect(RetryPolicy(schedule: schedule).maxAttempts == 4)
    #expect(RetryPolicy(schedule: []).maxAttempts == 1)
    #expect(RetryPolicy().maxAttempts == 11)
  }

  @Test func defaultScheduleIsDesignMdsTenStepsWithFullJitter() {
    #expect(
      RetryPolicy.defaultSchedule == [
        .seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800), .seconds(3600),
        .seconds(10_800), .seconds(21_600), .seconds(43_200), .seconds(86_400),
      ])
    #expect(RetryPolicy().jitter == .full)
  }

  @Test func noJitterGivesTheScheduledDelayExactly() {
    let policy = RetryPolicy(schedule: schedule, jitter: .none)
    for unit in [0.0, 0.5, 0.999] {
      #expect(policy.delay(afterAttempt: 1, unit: unit) == .seconds(5))
      #expect(policy.delay(afterAttempt: 2, unit: unit) == .seconds(30))
      #expect(policy.delay(afterAttempt: 3, unit: unit) == .seconds(120))
    }
  }

  @Test func noDelayOnceTheScheduleIsUsedUp() {
    let policy = RetryPolicy(schedule: schedule, jitter: .none)
    #expect(policy.delay(afterAttempt: 4, unit: 0.5) == nil)
    #expect(policy.delay(afterAttempt: 100, unit: 0.5) == nil)
    #expect(policy.delay(afterAttempt: 0, unit: 0.5) == nil)
    #expect(RetryPolicy(schedule: [], jitter: .none).delay(afterAttempt: 1, unit: 0.5) == nil)
  }

  @Test func fullJitterWithUnitZeroIsZero() {
    let policy = RetryPolicy(schedule: schedule, jitter: .full)
    #expect(policy.delay(afterAttempt: 1, unit: 0) == .zero)
    #expect(policy.delay(afterAttempt: 3, unit: 0) == .zero)
  }

  @Test func fullJitterWithUnitNearOneIsNearTheScheduledDelay() throws {
    let policy = RetryPolicy(schedule: schedule, jitter: .full)
    let delay = try #require(policy.delay(afterAttempt: 3, unit: 0.999))
    #expect(isClose(delay, .milliseconds(119_880)))
    #expect(delay <= .seconds(120))
  }

  @Test(arguments: [0.0, 0.001, 0.25, 0.5, 0.75, 0.999, 0.999_999_999])
  func fullJitterStaysWithinZeroAndTheScheduledDelay(_ unit: Double) throws {
    let policy = RetryPolicy(schedule: schedule, jitter: .full)
    for attempt in 1...schedule.count {
      let delay = try #require(policy.delay(afterAttempt: attempt, unit: unit))
      #expect(delay >= .zero && delay <= schedule[attempt - 1])
      #expect(isClose(delay, schedule[attempt - 1] * unit))
    }
  }

  @Test(arguments: [0.0, 0.001, 0.25, 0.5, 0.75, 0.999, 0.999_999_999])
  func equalJitterStaysWithinHalfAndTheWholeScheduledDelay(_ unit: Double) throws {
    let policy = RetryPolicy(schedule: schedule, jitter: .equal)
    for attempt in 1...schedule.count {
      let base = schedule[attempt - 1]
      let delay = try #require(policy.delay(afterAttempt: attempt, unit: unit))
      #expect(delay >= base / 2 && delay <= base)
    }
  }

  @Test func equalJitterEndpoints() {
    let policy = RetryPolicy(schedule: schedule, jitter: .equal)
    #expect(policy.delay(afterAttempt: 1, unit: 0) == .milliseconds(2500))
    #expect(policy.delay(afterAttempt: 2, unit: 0.5) == .milliseconds(22_500))
  }

  @Test func durationUnitsConvertExactly() {
    #expect(Duration.milliseconds(2500).seconds == 2.5)
    #expect(Duration.seconds(3).milliseconds == 3000)
    #expect(Duration.milliseconds(1234).milliseconds == 1234)
    #expect(Duration.microseconds(1500).milliseconds == 1)
  }
}
