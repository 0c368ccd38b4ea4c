import Foundation
import Metrics

/// What the ingress counts. Labels carry only configured tenant and source names (an unknown
/// one is `unknown`), so a scan of random URLs cannot blow up the series count.
enum IngressMetrics {
  static let acceptDuration = "hookgate_accept_duration_seconds"

  static func request(tenant: String, source: String, status: Int) {
    Counter(
      label: "hookgate_requests_total",
      dimensions: [("tenant", tenant), ("source", source), ("status", String(status))]
    ).increment()
  }

  static func verificationFailure(tenant: String, source: String, reason: String) {
    Counter(
      label: "hookgate_verification_failures_total",
      dimensions: [("tenant", tenant), ("source", source), ("reason", reason)]
    ).increment()
  }

  static func accepted(tenant: String, source: String, new: Int, duplicates: Int) {
    if new > 0 {
      Counter(
        label: "hookgate_events_accepted_total",
        dimensions: [("tenant", tenant), ("source", source)]
      ).increment(by: new)
    }
    if duplicates > 0 {
      Counter(
        label: "hookgate_duplicates_total", dimensions: [("tenant", tenant), ("source", source)]
      ).increment(by: duplicates)
    }
  }

  static func acceptLatency(_ duration: Duration, tenant: String, source: String) {
    Metrics.Timer(label: acceptDuration, dimensions: [("tenant", tenant), ("source", source)])
      .recordNanoseconds(duration.nanoseconds)
  }
}
