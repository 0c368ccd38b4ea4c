/// The parameters of the generic cell rate algorithm (GCRA) that enforces a ``Rate`` across
/// every gateway instance: permits are spaced one emission interval apart, with no burst, so
/// `3/s` never puts more than 3 requests in any second at the handler.
extension Rate {
  /// The time one permit takes from the budget: `per / count`, in whole microseconds
  /// (rounded up, so the rate enforced is never above the one written).
  public var emissionIntervalMicroseconds: Int64 {
    let (seconds, attoseconds) = per.components
    let total = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    let count = Int64(count)
    return max(1, (total + count - 1) / count)
  }
}
