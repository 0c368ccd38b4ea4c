extension Duration {
  /// The duration in seconds, as a Double: for comparisons with clock readings.
  public var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }

  public var milliseconds: Int64 {
    let (whole, attoseconds) = components
    return whole * 1000 + attoseconds / 1_000_000_000_000_000
  }

  public var nanoseconds: Int64 {
    let (whole, attoseconds) = components
    return whole * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
