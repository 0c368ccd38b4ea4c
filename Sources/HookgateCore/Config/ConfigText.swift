import Foundation

/// Config values written back the way routes.yaml writes them (`5m`, `1MiB`, `3/s`), for
/// `hookgate check --against`. Nothing here ever renders a secret.
enum ConfigText {
  /// `250ms`, `5s`, `2m`, `72h`, `1h30m`: largest units first, as ``Units/duration(_:allowZero:)``
  /// reads them back.
  static func duration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    var millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    if millis == 0 { return "0s" }
    var text = ""
    // No days: ops write windows as 72h, and `3d` would read as a different setting.
    for (unit, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
    where millis >= Int64(size) {
      text += "\(millis / Int64(size))\(unit)"
      millis %= Int64(size)
    }
    return text
  }

  static func size(_ bytes: Int) -> String {
    for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
    where bytes >= size && bytes % size == 0 {
      return "\(bytes / size)\(unit)"
    }
    return "\(bytes)B"
  }

  static func rate(_ rate: Rate?) -> String {
    guard let rate else { return "none" }
    let units: [(String, Duration)] = [
      ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600)), ("d", .seconds(86_400)),
    ]
    if let unit = units.first(where: { $0.1 == rate.per }) { return "\(rate.count)/\(unit.0)" }
    return "\(rate.count)/\(duration(rate.per))"
  }

  static func list(_ items: [String]) -> String {
    "[" + items.joined(separator: ", ") + "]"
  }

  static func optional(_ text: String?) -> String { text ?? "none" }

  static func locator(_ locator: ValueLocator?) -> String {
    switch locator {
    case .jsonPath(let path)?: return path.description
    case .header(let name)?: return "header:\(name)"
    case nil: return "default"
    }
  }

  /// A URL without what may be a credential in it: its user info and its query.
  static func redactedURL(_ text: String) -> String {
    guard var parts = URLComponents(string: text) else { return "(unparseable URL)" }
    if parts.user != nil || parts.password != nil {
      parts.user = nil
      parts.password = nil
    }
    let hadQuery = parts.query != nil
    parts.query = nil
    guard let text = parts.string else { return "(unparseable URL)" }
    return hadQuery ? text + "?…" : text
  }

  static func durability(_ durability: Durability) -> String {
    switch durability {
    case .local: return "local"
    case .replicated(let replicas, let timeout):
      return "replicated (\(replicas) replicas, \(duration(timeout)))"
    }
  }

  static func retry(_ retry: RetryPolicy) -> String {
    "\(list(retry.schedule.map(duration))) jitter \(retry.jitter.rawValue)"
  }

  /// `{header: X-Signature, encoding: hex, prefix: "sha256="}`: names and formats, no keys.
  static func signature(_ format: SignatureFormat) -> String {
    "{header: \(format.header), encoding: \(format.encoding.rawValue), prefix: \"\(format.prefix)\"}"
  }

  static func timestamp(_ timestamp: SignatureTimestamp) -> String {
    "{header: \(timestamp.header), tolerance: \(timestamp.tolerance.map(duration) ?? "default")}"
  }

  static func match(_ conditions: [FieldCondition]) -> String {
    "{" + conditions.map(\.description).joined(separator: ", ") + "}"
  }
}
