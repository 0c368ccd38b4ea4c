import Foundation
import Yams

/// `breaker:` under `defaults.delivery` or a handler: `off`, or
/// `{failures: 10, ratio: 50%, min_attempts: 20, window: 60s, cooldown: 30s,
/// max_cooldown: 5m, successes: 1}`, any subset, merged over the defaults.
extension ConfigReader {
  static let breakerKeys = [
    "failures", "ratio", "min_attempts", "window", "cooldown", "max_cooldown", "successes",
  ]

  func breakerPolicy(from node: Node, path: String, base: BreakerPolicy?) -> BreakerPolicy? {
    if case .scalar = node, !node.isNull {
      guard let text = scalar(node, path) else { return base }
      switch text.value.lowercased() {
      case "off", "false": return nil
      case "on", "true": return base ?? BreakerPolicy()
      default:
        error(
          "\(path) must be 'off' or a mapping of \(Self.breakerKeys.joined(separator: ", "))"
            + ", found '\(text.value)'", at: node)
        return base
      }
    }
    var policy = base ?? BreakerPolicy()
    guard let entries = entries(of: node, in: path, allowed: Self.breakerKeys) else {
      return base
    }
    if let entry = entries["failures"], let value = positiveInt(entry.value, "\(path).failures") {
      policy.failures = value
    }
    if let entry = entries["ratio"], let value = percentage(entry.value, "\(path).ratio") {
      policy.ratio = value
    }
    if let entry = entries["min_attempts"],
      let value = positiveInt(entry.value, "\(path).min_attempts")
    {
      policy.minimumAttempts = value
    }
    if let entry = entries["window"], let value = duration(entry.value, "\(path).window") {
      policy.window = value
    }
    if let entry = entries["successes"],
      let value = positiveInt(entry.value, "\(path).successes")
    {
      policy.successes = value
    }
    let cooldown = entries["cooldown"].flatMap { duration($0.value, "\(path).cooldown") }
    let maxCooldown = entries["max_cooldown"].flatMap {
      duration($0.value, "\(path).max_cooldown")
    }
    if let cooldown { policy.cooldown = cooldown }
    if let maxCooldown {
      policy.maxCooldown = maxCooldown
      if let entry = entries["max_cooldown"], maxCooldown < policy.cooldown {
        error("\(path).max_cooldown must not be shorter than cooldown", at: entry.value)
      }
    } else if policy.maxCooldown < policy.cooldown {
      // Only the cool-down was written, longer than the default cap: it is the cap.
      policy.maxCooldown = policy.cooldown
    }
    return policy
  }

  /// `50%` or `12.5%`, above 0 and at most 100, as a fraction.
  private func percentage(_ node: Node, _ what: String) -> Double? {
    guard let text = scalar(node, what) else { return nil }
    let trimmed = text.value.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasSuffix("%"), let number = Double(trimmed.dropLast()), number > 0,
      number <= 100
    else {
      error(
        "\(what) must be a percentage above 0% and at most 100% like 50%, found '\(text.value)'",
        at: node)
      return nil
    }
    return number / 100
  }
}
