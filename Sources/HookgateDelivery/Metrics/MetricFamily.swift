import HookgateCore
import Metrics

/// A counter whose handle is made once per label set and then reused: for the metrics
/// recorded on every accept and every delivery (see ``MadeOnce``).
public struct CounterFamily: Sendable {
  public let label: String
  /// The dimension names, in the order of a ``MetricLabels``'s values.
  public let dimensions: [String]
  private let handles = MadeOnce<MetricLabels, Counter>()

  public init(_ label: String, dimensions: [String]) {
    self.label = label
    self.dimensions = dimensions
  }

  public func increment(_ labels: MetricLabels, by amount: Int = 1) {
    handles.value(for: labels) {
      Counter(label: label, dimensions: Array(zip(dimensions, $0.values)))
    }.increment(by: amount)
  }
}

/// A timer whose handle is made once per label set and then reused.
public struct TimerFamily: Sendable {
  public let label: String
  public let dimensions: [String]
  private let handles = MadeOnce<MetricLabels, Metrics.Timer>()

  public init(_ label: String, dimensions: [String]) {
    self.label = label
    self.dimensions = dimensions
  }

  public func timer(_ labels: MetricLabels) -> Metrics.Timer {
    handles.value(for: labels) {
      Metrics.Timer(label: label, dimensions: Array(zip(dimensions, $0.values)))
    }
  }
}
