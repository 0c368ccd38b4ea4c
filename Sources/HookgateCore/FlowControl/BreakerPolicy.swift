/// When a handler's circuit breaker opens, how long it stays open, and what closes it
/// (`breaker:` under `defaults.delivery` or a handler).
public struct BreakerPolicy: Sendable, Equatable {
  /// Consecutive failed attempts that open the breaker.
  public var failures: Int
  /// The share of failed attempts in `window` that opens the breaker, in `(0, 1]`...
  public var ratio: Double
  /// ...once the window holds at least this many attempts, so two failures out of three do
  /// not count as a 66% outage.
  public var minimumAttempts: Int
  public var window: Duration
  /// How long the breaker stays open the first time; each failed probe doubles it...
  public var cooldown: Duration
  /// ...up to this.
  public var maxCooldown: Duration
  /// Successful probes in a row that close a half-open breaker.
  public var successes: Int

  public init(
    failures: Int = 10, ratio: Double = 0.5, minimumAttempts: Int = 20,
    window: Duration = .seconds(60), cooldown: Duration = .seconds(30),
    maxCooldown: Duration = .seconds(300), successes: Int = 1
  ) {
    self.failures = failures
    self.ratio = ratio
    self.minimumAttempts = minimumAttempts
    self.window = window
    self.cooldown = cooldown
    self.maxCooldown = maxCooldown
    self.successes = successes
  }
}
