import Synchronization

/// Values made once per key and then shared: what the hot paths keep their metric handles in.
/// Asking swift-metrics for a handle on every request costs a registry lock, label checks and
/// a few allocations, on the path of each accept and each delivery; a lookup here costs a
/// hash and an uncontended lock.
///
/// Keys must come from a bounded set (configured names, status codes): nothing is evicted.
public final class MadeOnce<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  private let values = Mutex<[Key: Value]>([:])

  public init() {}

  /// The value made for `key`, making it with `make` the first time. Two callers racing on
  /// a new key may both call `make`; both get the value stored first.
  public func value(for key: Key, make: (Key) -> Value) -> Value {
    if let value = values.withLock({ $0[key] }) { return value }
    let made = make(key)
    return values.withLock { values in
      if let stored = values[key] { return stored }
      values[key] = made
      return made
    }
  }
}

/// Up to three label values, the key of a metric handle in ``MadeOnce``.
public struct MetricLabels: Hashable, Sendable {
  public var first: String
  public var second: String
  public var third: String

  public init(_ first: String, _ second: String = "", _ third: String = "") {
    self.first = first
    self.second = second
    self.third = third
  }

  /// The values in order, for pairing with dimension names.
  public var values: [String] { [first, second, third] }
}
