/// What one delivery attempt produced, stripped of transport details.
public enum AttemptResult: Sendable, Equatable {
  /// - Parameter retryAfter: the delay a 429 or 503 asked for in `Retry-After`, already parsed.
  case response(status: Int, retryAfter: Duration? = nil)
  /// No HTTP response: timeout, refused connection, DNS failure…
  case failure(String)

  /// The one-line error recorded with the job when the attempt did not succeed.
  public var summary: String {
    switch self {
    case .response(let status, _): return "HTTP \(status)"
    case .failure(let message): return message
    }
  }
}

/// What happens to a job after an attempt.
public enum DeliveryDecision: Sendable, Equatable {
  case delivered
  case retry(after: Duration, error: String)
  case deadLetter(error: String)
  /// 410 Gone: the handler says it no longer takes deliveries. Its queue is paused until ops
  /// resume it, and this job waits with the rest, its attempt not counted.
  case pauseHandler(error: String)

  /// A handler may ask for a pause, but neither one short enough to hammer it nor one long
  /// enough to park a job for a day.
  public static let retryAfterBounds: ClosedRange<Duration> = .seconds(1)...Duration.seconds(3600)

  /// Any 2xx is a delivery; 410 Gone pauses the handler; everything else is retried on the schedule until it runs out.
  /// A 429 or 503 with `Retry-After` waits what the handler asked (clamped to
  /// ``retryAfterBounds``) instead of the scheduled delay; the attempt still counts.
  ///
  /// - Parameters:
  ///   - attemptsMade: attempts including the one that produced `result`.
  ///   - unit: a random number in `[0, 1)` for jitter. Drawn only for a retry: the system's
  ///     generator makes a `getrandom` system call, which a delivery need not pay.
  public static func after(
    _ result: AttemptResult, attemptsMade: Int, policy: RetryPolicy,
    unit: @autoclosure () -> Double
  ) -> DeliveryDecision {
    if case .response(let status, _) = result, (200..<300).contains(status) { return .delivered }
    if case .response(410, _) = result { return .pauseHandler(error: result.summary) }
    guard let scheduled = policy.delay(afterAttempt: attemptsMade, unit: unit()) else {
      return .deadLetter(error: result.summary)
    }
    if case .response(429, let asked?) = result {
      return .retry(after: clamp(asked), error: result.summary)
    }
    if case .response(503, let asked?) = result {
      return .retry(after: clamp(asked), error: result.summary)
    }
    return .retry(after: scheduled, error: result.summary)
  }

  private static func clamp(_ delay: Duration) -> Duration {
    min(max(delay, retryAfterBounds.lowerBound), retryAfterBounds.upperBound)
  }
}
