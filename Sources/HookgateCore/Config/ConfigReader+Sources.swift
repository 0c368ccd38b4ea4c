import Foundation
import Yams

/// One `tenants.<tenant>.sources.<source>` entry.
extension ConfigReader {
  static let sourceKeys = [
    "provider", "secrets", "webhook_id", "notification_url", "signature", "event_id",
    "event_type", "fields", "tolerance", "dedupe_window", "max_body", "cert_hosts",
    "cert_file", "signed_content", "timestamp", "types",
  ]
  static let signatureKeys = ["header", "encoding", "prefix"]

  /// The envelope `data` members (plus `occurred_at`) the contract names. `fields:` may map
  /// others too (the normalizer takes any dotted name), but a name one typo away from one
  /// of these is almost certainly a slip, so it draws a warning.
  static let normalizedFieldNames = [
    "amount", "currency", "customer.id", "customer.email", "customer.phone", "customer.name",
    "reference", "items", "items.name", "items.sku", "items.quantity", "items.unit_price",
    "occurred_at",
  ]

  /// The source, or nil when it has errors (all of them reported).
  func source(tenant: String, entry: ConfigEntry, defaults: Defaults) -> Source? {
    let label = "source \(tenant)/\(entry.key)"
    let path = "tenants.\(tenant).sources.\(entry.key)"
    let errorsBefore = errorCount
    guard let fields = entries(of: entry.value, in: label, allowed: Self.sourceKeys) else {
      return nil
    }
    let provider = fields["provider"].flatMap { providerKind($0.value, label: label) }
    if fields["provider"] == nil {
      error(
        "\(label) is missing required key 'provider' (one of: \(Self.providerNames))",
        at: entry.keyNode)
    }

    var source = Source(
      tenant: tenant, name: entry.key, provider: provider ?? .hmac,
      tolerance: defaults.tolerance, dedupeWindow: defaults.dedupeWindow,
      maxBody: defaults.maxBody)
    let secrets = fields["secrets"].flatMap { secretList($0.value, label: label, path: path) }
    source.secrets = secrets?.kept ?? []
    source.webhookID =
      fields["webhook_id"].flatMap { scalar($0.value, "\(path).webhook_id") }?
      .value
    source.notificationURL =
      fields["notification_url"]
      .flatMap { scalar($0.value, "\(path).notification_url") }?.value
    source.signature = fields["signature"].flatMap { signature($0.value, label: label) }
    readHMACSettings(into: &source, fields: fields, label: label, path: path)
    readPayPalSettings(into: &source, fields: fields, label: label, path: path)
    source.eventID = fields["event_id"].flatMap { locator($0.value, "\(path).event_id") }
    source.eventType = fields["event_type"].flatMap { locator($0.value, "\(path).event_type") }
    if let entry = fields["fields"] {
      source.fields = fieldLocators(entry.value, label: label, path: path)
      if let provider, !Normalizers.appliesFields(provider) {
        warning(
          "\(label): fields is not applied to provider \(provider.rawValue), whose bodies"
            + " carry several events", at: entry.keyNode)
      }
    }
    if let entry = fields["types"] {
      source.types = typeOverrides(entry.value, label: label)
    }
    if let entry = fields["tolerance"], let value = duration(entry.value, "\(path).tolerance") {
      source.tolerance = value
    }
    if let entry = fields["dedupe_window"],
      let value = duration(entry.value, "\(path).dedupe_window")
    {
      source.dedupeWindow = value
    }
    if let entry = fields["max_body"], let value = size(entry.value, "\(path).max_body") {
      source.maxBody = value
    }

    if let provider {
      checkProviderNeeds(
        source, provider: provider, fields: fields, secretsRead: secrets, label: label,
        at: entry.keyNode)
      checkHMACNeeds(
        source, provider: provider, fields: fields, secretsRead: secrets, label: label,
        path: path, at: entry.keyNode)
    }
    return errorCount == errorsBefore ? source : nil
  }

  static var providerNames: String {
    ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")
  }

  /// An unknown provider is an error, never a fallback: the gateway must not accept
  /// requests it cannot verify.
  private func providerKind(_ node: Node, label: String) -> ProviderKind? {
    guard let text = nonEmptyString(node, "\(label) provider") else { return nil }
    guard let kind = ProviderKind(rawValue: text.value) else {
      var message = "unknown provider '\(text.value)' for \(label)"
      let names = ProviderKind.allCases.map(\.rawValue)
      if let guess = Self.closestName(to: text.value, among: names) {
        message += "; did you mean '\(guess)'?"
      }
      error(message + " (known providers: \(Self.providerNames))", at: node)
      return nil
    }
    return kind
  }

  /// What each provider cannot verify without. Messages name keys, never secret values.
  private func checkProviderNeeds(
    _ source: Source, provider: ProviderKind, fields: [String: ConfigEntry],
    secretsRead: (kept: [Secret], dropped: Int)?, label: String, at sourceKey: Node
  ) {
    let name = provider.rawValue
    if provider == .paypal {
      if let entry = fields["webhook_id"] {
        if source.webhookID?.isEmpty == true {
          error(
            "\(label) has an empty webhook_id; provider paypal needs it",
            at: entry.value)
        }
      } else {
        error(
          "\(label) (provider paypal) is missing required key 'webhook_id'", at: sourceKey
        )
      }
      if let entry = fields["secrets"] {
        warning("\(label): provider paypal does not use secrets", at: entry.keyNode)
      }
    } else {
      if let entry = fields["secrets"] {
        // Nil: an entry had its own error already; do not pile another on top.
        if let secretsRead, secretsRead.kept.isEmpty {
          error(
            secretsRead.dropped > 0
              ? "\(label) has no secret left after empty values were dropped"
              : "\(label) has an empty 'secrets' list; provider \(name) needs one",
            at: entry.keyNode)
        }
      } else {
        error(
          "\(label) (provider \(name)) is missing required key 'secrets'", at: sourceKey)
      }
      if let entry = fields["webhook_id"] {
        warning("\(label): webhook_id is only used by provider paypal", at: entry.keyNode)
      }
    }
    if provider == .hmac, fields["signature"] == nil {
      error(
        "\(label) (provider hmac) is missing required key 'signature' ({header: NAME})",
        at: sourceKey)
    } else if provider != .hmac, let entry = fields["signature"] {
      warning("\(label): signature is only used by provider hmac", at: entry.keyNode)
    }
    if provider == .square {
      if let entry = fields["notification_url"] {
        if source.notificationURL?.isEmpty == true {
          error(
            "\(label) has an empty notification_url; provider square needs it",
            at: entry.value)
        }
      } else {
        error(
          "\(label) (provider square) is missing required key 'notification_url'",
          at: sourceKey)
      }
    } else if provider != .hmac, let entry = fields["notification_url"] {
      // hmac may sign it as {url}: checkHMACNeeds decides.
      warning("\(label): notification_url is only used by provider square", at: entry.keyNode)
    }
  }

  private func signature(_ node: Node, label: String) -> SignatureFormat? {
    let context = "\(label) signature"
    guard let fields = entries(of: node, in: context, allowed: Self.signatureKeys) else {
      return nil
    }
    var format = SignatureFormat(header: "")
    var valid = true
    if let entry = fields["header"] {
      if let header = nonEmptyString(entry.value, "\(context) header") {
        format.header = header.value
      } else {
        valid = false
      }
    } else {
      error("\(context) is missing required key 'header'", at: node)
      valid = false
    }
    if let entry = fields["encoding"], let text = scalar(entry.value, "\(context) encoding") {
      if let encoding = SignatureFormat.Encoding(rawValue: text.value) {
        format.encoding = encoding
      } else {
        error(
          "\(context) encoding must be hex or base64, found '\(text.value)'",
          at: entry.value)
        valid = false
      }
    }
    if let entry = fields["prefix"] {
      if let prefix = scalar(entry.value, "\(context) prefix") {
        format.prefix = prefix.value
      } else {
        valid = false
      }
    }
    return valid ? format : nil
  }

  /// `$.json.path` or `header:NAME`.
  func locator(_ node: Node, _ what: String) -> ValueLocator? {
    guard let text = nonEmptyString(node, what) else { return nil }
    if text.value.hasPrefix("header:") {
      let name = text.value.dropFirst("header:".count).trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == ":" }) else {
        error("\(what): 'header:' must be followed by a header name", at: node)
        return nil
      }
      return .header(name)
    }
    guard text.value.hasPrefix("$") else {
      error(
        "\(what) must be a JSONPath starting with '$' (like $.id) or header:NAME,"
          + " found '\(text.value)'", at: node)
      return nil
    }
    do throws(JSONPath.ParseError) {
      return .jsonPath(try JSONPath(parsing: text.value))
    } catch {
      self.error("\(what): \(error)", at: node)
      return nil
    }
  }

  private func fieldLocators(_ node: Node, label: String, path: String) -> [String: ValueLocator] {
    var result: [String: ValueLocator] = [:]
    for entry in pairs(of: node, in: "\(label) fields") ?? [] {
      let segments = entry.key.split(separator: ".", omittingEmptySubsequences: false)
      guard segments.allSatisfy({ Self.isURLSafeName(String($0)) }) else {
        error(
          "field name '\(entry.key)' in \(label) fields must be dotted names of"
            + " letters, digits, '-' and '_' (like customer.phone)", at: entry.keyNode)
        continue
      }
      if !Self.normalizedFieldNames.contains(entry.key),
        let guess = Self.closestName(to: entry.key, among: Self.normalizedFieldNames)
      {
        warning(
          "\(label) maps field '\(entry.key)'; did you mean '\(guess)'?",
          at: entry.keyNode)
      }
      if let locator = locator(entry.value, "\(path).fields.\(entry.key)") {
        result[entry.key] = locator
      }
    }
    return result
  }
}
