import HookgateCore
import Metrics

/// A metric name whose handles are made once per label set and then reused: for the metrics
/// recorded on every accept and every delivery (see ``MadeOnce``).
public struct MetricFamily<Handle: Sendable>: Sendable {
  private let handles = MadeOnce<MetricLabels, Handle>()
  private let make: @Sendable (MetricLabels) -> Handle

  /// - Parameter dimensions: the dimension names, in the order of a ``MetricLabels``'s values.
  private init(
    _ label: String, dimensions: [String],
    make: @escaping @Sendable (String, [(String, String)]) -> Handle
  ) {
    self.make = { labels in make(label, Array(zip(dimensions, labels.values))) }
  }

  public func callAsFunction(_ labels: MetricLabels) -> Handle {
    handles.value(for: labels, make: make)
  }
}

extension MetricFamily where Handle == Counter {
  public static func counter(_ label: String, dimensions: [String]) -> Self {
    Self(label, dimensions: dimensions) { Counter(label: $0, dimensions: $1) }
  }
}

extension MetricFamily where Handle == Metrics.Timer {
  public static func timer(_ label: String, dimensions: [String]) -> Self {
    Self(label, dimensions: dimensions) { Metrics.Timer(label: $0, dimensions: $1) }
  }
}
