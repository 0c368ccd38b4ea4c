import Foundation
import HookgateCore
import HookgateDelivery
import Metrics

/// What the ingress counts. Labels carry only configured tenant and source names (an unknown
/// one is `unknown`), so a scan of random URLs cannot blow up the series count.
enum IngressMetrics {
  static let acceptDuration = "hookgate_accept_duration_seconds"

  private static let requests = CounterFamily(
    "hookgate_requests_total", dimensions: ["tenant", "source", "status"])
  private static let verificationFailures = CounterFamily(
    "hookgate_verification_failures_total", dimensions: ["tenant", "source", "reason"])
  private static let acceptedEvents = CounterFamily(
    "hookgate_events_accepted_total", dimensions: ["tenant", "source"])
  private static let duplicates = CounterFamily(
    "hookgate_duplicates_total", dimensions: ["tenant", "source"])
  private static let acceptLatencies = TimerFamily(
    acceptDuration, dimensions: ["tenant", "source"])

  static func request(tenant: String, source: String, status: Int) {
    requests.increment(MetricLabels(tenant, source, String(status)))
  }

  static func verificationFailure(tenant: String, source: String, reason: String) {
    verificationFailures.increment(MetricLabels(tenant, source, reason))
  }

  static func accepted(tenant: String, source: String, new: Int, duplicates count: Int) {
    let labels = MetricLabels(tenant, source)
    if new > 0 { acceptedEvents.increment(labels, by: new) }
    if count > 0 { duplicates.increment(labels, by: count) }
  }

  static func acceptLatency(_ duration: Duration, tenant: String, source: String) {
    acceptLatencies.timer(MetricLabels(tenant, source)).recordNanoseconds(duration.nanoseconds)
  }
}
