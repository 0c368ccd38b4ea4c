/// What one delivery attempt produced, stripped of transport details.
public enum AttemptResult: Sendable, Equatable {
  case response(status: Int)
  /// No HTTP response: timeout, refused connection, DNS failure…
  case failure(String)

  /// The one-line error recorded with the job when the attempt did not succeed.
  public var summary: String {
    switch self {
    case .response(let status): return "HTTP \(status)"
    case .failure(let message): return message
    }
  }
}

/// What happens to a job after an attempt.
public enum DeliveryDecision: Sendable, Equatable {
  case delivered
  case retry(after: Duration, error: String)
  case deadLetter(error: String)

  /// Any 2xx is a delivery; everything else is retried on the schedule until it runs out.
  ///
  /// - Parameters:
  ///   - attemptsMade: attempts including the one that produced `result`.
  ///   - unit: a random number in `[0, 1)` for jitter.
  public static func after(
    _ result: AttemptResult, attemptsMade: Int, policy: RetryPolicy, unit: Double
  ) -> DeliveryDecision {
    if case .response(let status) = result, (200..<300).contains(status) { return .delivered }
    guard let delay = policy.delay(afterAttempt: attemptsMade, unit: unit) else {
      return .deadLetter(error: result.summary)
    }
    return .retry(after: delay, error: result.summary)
  }
}
