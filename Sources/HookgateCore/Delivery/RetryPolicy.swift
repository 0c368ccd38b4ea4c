/// When the next delivery attempt happens, and when to give up.
///
/// `schedule[n]` is the delay before retry `n + 1`: a job gets one first attempt and then
/// one retry per entry, so `schedule.count + 1` attempts in all before it is dead-lettered.
public struct RetryPolicy: Sendable, Equatable {
  public enum Jitter: String, Sendable, Equatable, CaseIterable {
    /// The scheduled delay exactly; predictable, and what tests use.
    case none
    /// A uniformly random delay in `[0, schedule[n]]` (AWS "full jitter"): spreads a
    /// recovering handler's backlog instead of retrying it all at once.
    case full
    /// Half the delay fixed, half random: `[schedule[n] / 2, schedule[n]]`.
    case equal
  }

  public var schedule: [Duration]
  public var jitter: Jitter

  public static let defaultSchedule: [Duration] = [
    .seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800),
    .seconds(3600), .seconds(3 * 3600), .seconds(6 * 3600), .seconds(12 * 3600),
    .seconds(24 * 3600),
  ]

  public init(schedule: [Duration] = RetryPolicy.defaultSchedule, jitter: Jitter = .full) {
    self.schedule = schedule
    self.jitter = jitter
  }

  public var maxAttempts: Int { schedule.count + 1 }

  /// The delay before the attempt after `attemptsMade` failed ones, or nil when the job has
  /// used every attempt and belongs in the dead-letter stream.
  ///
  /// - Parameter unit: a random number in `[0, 1)`, injected so tests are deterministic.
  public func delay(afterAttempt attemptsMade: Int, unit: Double) -> Duration? {
    guard attemptsMade >= 1, attemptsMade <= schedule.count else { return nil }
    let base = schedule[attemptsMade - 1]
    switch jitter {
    case .none: return base
    case .full: return base * unit
    case .equal: return base / 2 + (base / 2) * unit
    }
  }
}
