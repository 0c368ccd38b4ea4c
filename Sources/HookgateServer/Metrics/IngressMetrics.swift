import Foundation
import HookgateCore
import Metrics

/// What the ingress counts. Labels carry only configured tenant and source names (an unknown
/// one is `unknown`), so a scan of random URLs cannot blow up the series count.
///
/// Handles are made once per label set (``MadeOnce``): these run on every request.
enum IngressMetrics {
  static let acceptDuration = "hookgate_accept_duration_seconds"

  private static let requests = MadeOnce<MetricLabels, Counter>()
  private static let verificationFailures = MadeOnce<MetricLabels, Counter>()
  private static let acceptedEvents = MadeOnce<MetricLabels, Counter>()
  private static let duplicates = MadeOnce<MetricLabels, Counter>()
  private static let acceptLatencies = MadeOnce<MetricLabels, Metrics.Timer>()

  static func request(tenant: String, source: String, status: Int) {
    requests.value(for: MetricLabels(tenant, source, String(status))) {
      Counter(
        label: "hookgate_requests_total",
        dimensions: [("tenant", $0.first), ("source", $0.second), ("status", $0.third)])
    }.increment()
  }

  static func verificationFailure(tenant: String, source: String, reason: String) {
    verificationFailures.value(for: MetricLabels(tenant, source, reason)) {
      Counter(
        label: "hookgate_verification_failures_total",
        dimensions: [("tenant", $0.first), ("source", $0.second), ("reason", $0.third)])
    }.increment()
  }

  static func accepted(tenant: String, source: String, new: Int, duplicates count: Int) {
    let labels = MetricLabels(tenant, source)
    if new > 0 {
      acceptedEvents.value(for: labels) {
        Counter(
          label: "hookgate_events_accepted_total",
          dimensions: [("tenant", $0.first), ("source", $0.second)])
      }.increment(by: new)
    }
    if count > 0 {
      duplicates.value(for: labels) {
        Counter(
          label: "hookgate_duplicates_total",
          dimensions: [("tenant", $0.first), ("source", $0.second)])
      }.increment(by: count)
    }
  }

  static func acceptLatency(_ duration: Duration, tenant: String, source: String) {
    acceptLatencies.value(for: MetricLabels(tenant, source)) {
      Metrics.Timer(
        label: acceptDuration, dimensions: [("tenant", $0.first), ("source", $0.second)])
    }.recordNanoseconds(duration.nanoseconds)
  }
}
