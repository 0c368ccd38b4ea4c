/// What one attempt says about the handler's health, as the circuit breaker counts it.
public enum AttemptHealth: Sendable, Equatable {
  /// The handler answered as a working service does: any 2xx, and 4xx other than 408 and
  /// 429 (the handler is up; it refused this one request).
  case healthy
  /// No answer (timeout, refused connection, DNS), a 5xx, a 408 or a 429.
  case failing
  /// Says nothing about health: 410 Gone pauses the handler instead.
  case neutral

  public init(_ result: AttemptResult) {
    switch result {
    case .failure: self = .failing
    case .response(410, _): self = .neutral
    case .response(let status, _) where status >= 500 || status == 408 || status == 429:
      self = .failing
    case .response: self = .healthy
    }
  }
}
