import HookgateCore
import Metrics

/// What delivery counts: attempts by outcome, how long handlers take to answer, and how long
/// an event takes from the provider's 2xx to the handler's 2xx (the number users feel).
enum DeliveryMetrics {
  static func attempt(
    handler: String, outcome: String, latency: Duration, acceptedAtMilliseconds: Int64,
    nowMilliseconds: Int64
  ) {
    Counter(
      label: "hookgate_deliveries_total", dimensions: [("handler", handler), ("outcome", outcome)]
    ).increment()
    Metrics.Timer(label: "hookgate_delivery_duration_seconds", dimensions: [("handler", handler)])
      .recordNanoseconds(latency.nanoseconds)
    if outcome == "delivered" {
      Metrics.Timer(label: "hookgate_end_to_end_seconds", dimensions: [("handler", handler)])
        .recordMilliseconds(max(0, nowMilliseconds - acceptedAtMilliseconds))
    }
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
