import Foundation
import HookgateCore
import HookgateDelivery
import Metrics

/// What the ingress counts. Labels carry only configured tenant and source names (an unknown
/// one is `unknown`), so a scan of random URLs cannot blow up the series count.
enum IngressMetrics {
  static let acceptDuration = "hookgate_accept_duration_seconds"

  private static let requests = MetricFamily.counter(
    "hookgate_requests_total", dimensions: ["tenant", "source", "status"])
  private static let verificationFailures = MetricFamily.counter(
    "hookgate_verification_failures_total", dimensions: ["tenant", "source", "reason"])
  private static let acceptedEvents = MetricFamily.counter(
    "hookgate_events_accepted_total", dimensions: ["tenant", "source"])
  private static let duplicates = MetricFamily.counter(
    "hookgate_duplicates_total", dimensions: ["tenant", "source"])
  private static let acceptLatencies = MetricFamily.timer(
    acceptDuration, dimensions: ["tenant", "source"])

  static func request(tenant: String, source: String, status: Int) {
    requests(MetricLabels(tenant, source, String(status))).increment()
  }

  static func verificationFailure(tenant: String, source: String, reason: String) {
    verificationFailures(MetricLabels(tenant, source, reason)).increment()
  }

  static func accepted(tenant: String, source: String, new: Int, duplicates count: Int) {
    let labels = MetricLabels(tenant, source)
    if new > 0 { acceptedEvents(labels).increment(by: new) }
    if count > 0 { duplicates(labels).increment(by: count) }
  }

  static func acceptLatency(_ duration: Duration, tenant: String, source: String) {
    acceptLatencies(MetricLabels(tenant, source)).recordNanoseconds(duration.nanoseconds)
  }
}
