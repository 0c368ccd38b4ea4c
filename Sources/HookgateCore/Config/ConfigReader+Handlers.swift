import Foundation
import Yams

/// `handlers:`: the internal services events are delivered to.
extension ConfigReader {
  static let handlerKeys =
    ["url", "secret", "order_by", "rate_limit"] + ConfigReader.deliveryKeys

  /// The valid handlers, and every name declared (valid or not), so a route naming a
  /// handler that merely had an error is not also reported as undefined.
  func handlers(from node: Node, defaults: DeliveryPolicy) -> (
    handlers: [String: Handler], declared: Set<String>
  ) {
    var handlers: [String: Handler] = [:]
    var declared: Set<String> = []
    for entry in pairs(of: node, in: "handlers") ?? [] {
      declared.insert(entry.key)
      if entry.key.isEmpty {
        error("a handler name must not be empty", at: entry.keyNode)
      } else if let handler = handler(entry, defaults: defaults) {
        handlers[entry.key] = handler
      }
    }
    return (handlers, declared)
  }

  private func handler(_ entry: ConfigEntry, defaults: DeliveryPolicy) -> Handler? {
    let label = "handler '\(entry.key)'"
    let path = "handlers.\(entry.key)"
    let errorsBefore = errorCount
    guard let fields = entries(of: entry.value, in: label, allowed: Self.handlerKeys) else {
      return nil
    }
    var url: String?
    if let urlEntry = fields["url"] {
      url = httpURL(urlEntry.value, label: label, path: path)
    } else {
      error("\(label) is missing required key 'url'", at: entry.keyNode)
    }
    var secret: Secret?
    if let secretEntry = fields["secret"] {
      secret = signingSecret(secretEntry.value, label: label, path: path)
    } else {
      error("\(label) is missing required key 'secret'", at: entry.keyNode)
    }
    let orderBy = fields["order_by"].flatMap { nonEmptyString($0.value, "\(path).order_by") }
    let rateLimit = fields["rate_limit"].flatMap { rate($0.value, "\(path).rate_limit") }
    let delivery = deliveryPolicy(from: fields, path: path, base: defaults)
    if delivery.visibilityTimeout <= delivery.timeout {
      // A delivery still waiting for its answer looks abandoned to the other instances.
      warning(
        "\(label) visibility_timeout (\(ConfigText.duration(delivery.visibilityTimeout))) is"
          + " not longer than its timeout (\(ConfigText.duration(delivery.timeout))): another"
          + " instance may take over a delivery still in flight and send it twice",
        at: fields["visibility_timeout"]?.value ?? fields["timeout"]?.value ?? entry.keyNode)
    }
    guard let url, let secret, errorCount == errorsBefore else { return nil }
    return Handler(
      name: entry.key, url: url, secret: secret, orderBy: orderBy?.value,
      rateLimit: rateLimit, delivery: delivery)
  }

  private func httpURL(_ node: Node, label: String, path: String) -> String? {
    guard let text = nonEmptyString(node, "\(path).url") else { return nil }
    let components = URLComponents(string: text.value)
    let scheme = components?.scheme?.lowercased()
    guard scheme == "http" || scheme == "https", components?.host?.isEmpty == false else {
      // A URL from the environment may carry credentials: quote only what was written.
      let shown = text.fromEnvironment ? "" : ", found '\(text.value)'"
      error("\(label) url must be an absolute http:// or https:// URL\(shown)", at: node)
      return nil
    }
    return text.value
  }

  private func signingSecret(_ node: Node, label: String, path: String) -> Secret? {
    guard let text = scalar(node, "\(path).secret") else { return nil }
    if text.value.isEmpty {
      error("\(label) secret is empty", at: node)
      return nil
    }
    guard Self.isStandardWebhooksSecret(text.value) else {
      error(
        "\(label) secret is not a Standard Webhooks secret: expected 'whsec_' followed"
          + " by base64", at: node)
      return nil
    }
    return Secret(text.value)
  }
}
