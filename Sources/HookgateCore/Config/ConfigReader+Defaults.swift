import Yams

/// `defaults:` and the delivery settings handlers override.
extension ConfigReader {
  static let defaultsKeys = [
    "dedupe_window", "tolerance", "max_body", "durability", "delivery", "attempt_log_ttl",
  ]
  static let deliveryKeys = ["timeout", "retry", "visibility_timeout", "concurrency", "breaker"]
  static let retryKeys = ["schedule", "jitter"]
  static let durabilityKeys = ["mode", "replicas", "timeout"]

  func defaults(from node: Node) -> Defaults {
    var defaults = Defaults()
    guard let entries = entries(of: node, in: "defaults", allowed: Self.defaultsKeys) else {
      return defaults
    }
    if let entry = entries["dedupe_window"],
      let value = duration(entry.value, "defaults.dedupe_window")
    {
      defaults.dedupeWindow = value
    }
    if let entry = entries["tolerance"], let value = duration(entry.value, "defaults.tolerance") {
      defaults.tolerance = value
    }
    if let entry = entries["max_body"], let value = size(entry.value, "defaults.max_body") {
      defaults.maxBody = value
    }
    if let entry = entries["durability"], let value = durability(from: entry.value) {
      defaults.durability = value
    }
    if let entry = entries["attempt_log_ttl"],
      let value = duration(entry.value, "defaults.attempt_log_ttl")
    {
      defaults.attemptLogTTL = value
    }
    if let entry = entries["delivery"],
      let delivery = self.entries(
        of: entry.value, in: "defaults.delivery", allowed: Self.deliveryKeys)
    {
      defaults.delivery = deliveryPolicy(
        from: delivery, path: "defaults.delivery", base: defaults.delivery)
    }
    return defaults
  }

  /// `base` with whichever of timeout, retry, visibility_timeout and concurrency `entries`
  /// sets; `retry` merges field by field, so a handler can change only its jitter.
  func deliveryPolicy(from entries: [String: ConfigEntry], path: String, base: DeliveryPolicy)
    -> DeliveryPolicy
  {
    var policy = base
    if let entry = entries["timeout"], let value = duration(entry.value, "\(path).timeout") {
      policy.timeout = value
    }
    if let entry = entries["visibility_timeout"],
      let value = duration(entry.value, "\(path).visibility_timeout")
    {
      policy.visibilityTimeout = value
    }
    if let entry = entries["concurrency"],
      let value = positiveInt(entry.value, "\(path).concurrency")
    {
      policy.concurrency = value
    }
    if let entry = entries["retry"] {
      policy.retry = retryPolicy(from: entry.value, path: "\(path).retry", base: base.retry)
    }
    if let entry = entries["breaker"] {
      policy.breaker = breakerPolicy(from: entry.value, path: "\(path).breaker", base: base.breaker)
    }
    return policy
  }

  private func retryPolicy(from node: Node, path: String, base: RetryPolicy) -> RetryPolicy {
    var policy = base
    guard let entries = entries(of: node, in: path, allowed: Self.retryKeys) else {
      return policy
    }
    if let entry = entries["schedule"], let items = list(entry.value, "\(path).schedule") {
      // A zero delay is allowed: retrying at once is a legitimate first step.
      let delays = items.enumerated().map { index, item in
        duration(item, "\(path).schedule[\(index)]", allowZero: true)
      }
      if !delays.contains(nil) { policy.schedule = delays.compactMap { $0 } }
    }
    if let entry = entries["jitter"], let text = scalar(entry.value, "\(path).jitter") {
      if let jitter = RetryPolicy.Jitter(rawValue: text.value) {
        policy.jitter = jitter
      } else {
        let names = RetryPolicy.Jitter.allCases.map(\.rawValue).joined(separator: ", ")
        error(
          "\(path).jitter must be one of \(names), found '\(text.value)'", at: entry.value
        )
      }
    }
    return policy
  }

  /// `local`, `replicated`, or `{mode: replicated, replicas: N, timeout: 500ms}`.
  private func durability(from node: Node) -> Durability? {
    let path = "defaults.durability"
    if case .scalar = node {
      guard let text = scalar(node, path) else { return nil }
      switch text.value {
      case "local": return .local
      case "replicated": return .replicated(replicas: 1, timeout: .milliseconds(500))
      default:
        error("\(path) must be 'local' or 'replicated', found '\(text.value)'", at: node)
        return nil
      }
    }
    guard let entries = entries(of: node, in: path, allowed: Self.durabilityKeys) else {
      return nil
    }
    guard let modeEntry = entries["mode"] else {
      error("\(path) is missing required key 'mode' (local or replicated)", at: node)
      return nil
    }
    // Read before the mode so their errors show even when the mode is wrong too.
    var replicas = 1
    var timeout = Duration.milliseconds(500)
    var valid = true
    if let entry = entries["replicas"] {
      if let value = positiveInt(entry.value, "\(path).replicas") {
        replicas = value
      } else {
        valid = false
      }
    }
    if let entry = entries["timeout"] {
      if let value = duration(entry.value, "\(path).timeout") {
        timeout = value
      } else {
        valid = false
      }
    }
    guard let mode = scalar(modeEntry.value, "\(path).mode") else { return nil }
    switch mode.value {
    case "local":
      if let extra = entries["replicas"] ?? entries["timeout"] {
        warning(
          "\(path): replicas and timeout only apply to mode: replicated",
          at: extra.keyNode)
      }
      return .local
    case "replicated":
      return valid ? .replicated(replicas: replicas, timeout: timeout) : nil
    default:
      error(
        "\(path).mode must be 'local' or 'replicated', found '\(mode.value)'",
        at: modeEntry.value)
      return nil
    }
  }
}
