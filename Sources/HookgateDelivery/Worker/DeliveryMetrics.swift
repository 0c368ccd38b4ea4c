import HookgateCore
import Metrics

/// What delivery counts: attempts by outcome, how long handlers take to answer, and how long
/// an event takes from the provider's 2xx to the handler's 2xx (the number users feel).
enum DeliveryMetrics {
  private static let attempts = MetricFamily.counter(
    "hookgate_deliveries_total", dimensions: ["handler", "outcome"])
  private static let durations = MetricFamily.timer(
    "hookgate_delivery_duration_seconds", dimensions: ["handler"])
  private static let endToEnd = MetricFamily.timer(
    "hookgate_end_to_end_seconds", dimensions: ["handler"])

  static func attempt(
    handler: String, outcome: String, latency: Duration, acceptedAtMilliseconds: Int64,
    nowMilliseconds: Int64
  ) {
    attempts(MetricLabels(handler, outcome)).increment()
    durations(MetricLabels(handler)).recordNanoseconds(latency.nanoseconds)
    if outcome == "delivered" {
      endToEnd(MetricLabels(handler))
        .recordMilliseconds(max(0, nowMilliseconds - acceptedAtMilliseconds))
    }
  }

  /// 0 closed, 1 half-open, 2 open: alert on `hookgate_breaker_state == 2`.
  static func breaker(handler: String, state: CircuitBreaker.State) {
    let value =
      switch state {
      case .closed: 0
      case .halfOpen: 1
      case .open: 2
      }
    Gauge(label: "hookgate_breaker_state", dimensions: [("handler", handler)]).record(value)
    Counter(
      label: "hookgate_breaker_transitions_total",
      dimensions: [("handler", handler), ("state", state.rawValue)]
    ).increment()
  }

  /// 1 while the handler is paused (a 410, or ops): the alert the issue asks for.
  static func paused(handler: String, _ paused: Bool) {
    Gauge(label: "hookgate_handler_paused", dimensions: [("handler", handler)])
      .record(paused ? 1 : 0)
  }

  static func gone(handler: String) {
    Counter(label: "hookgate_handler_gone_total", dimensions: [("handler", handler)]).increment()
  }

  static func rateWait(handler: String) {
    Counter(label: "hookgate_rate_limit_waits_total", dimensions: [("handler", handler)])
      .increment()
  }
}

extension DeliveryDecision {
  /// The `outcome` label of `hookgate_deliveries_total`.
  var outcome: String {
    switch self {
    case .delivered: "delivered"
    case .retry: "retry"
    case .deadLetter: "dead"
    case .pauseHandler: "paused"
    }
  }
}
