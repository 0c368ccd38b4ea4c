/// What changing routes.yaml from one loaded config to another adds, removes and alters, for
/// `hookgate check FILE --against OLD`:
///
/// ```
/// + route refunds-to-crm
/// - handler old-crm
/// ~ handler invoice-conversion: rate_limit 3/s -> 5/s
/// ~ source acme/stripe: secret changed
/// ```
///
/// Secrets are compared but never shown ("secret changed"); URLs lose their user info and
/// query. Route order is not reported: it does not change which handlers get an event.
public struct ConfigDiff: Sendable, Equatable, CustomStringConvertible {
  public struct Change: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
      case added = "+"
      case removed = "-"
      case changed = "~"
    }

    public var kind: Kind
    /// `tenant acme`, `source acme/stripe`, `handler loyalty-point`, `route refunds`, `defaults`.
    public var subject: String
    /// For `changed`: one entry per altered setting, `rate_limit 3/s -> 5/s`.
    public var details: [String]

    public init(_ kind: Kind, _ subject: String, _ details: [String] = []) {
      self.kind = kind
      self.subject = subject
      self.details = details
    }

    public var description: String {
      let head = "\(kind.rawValue) \(subject)"
      return details.isEmpty ? head : head + ": " + details.joined(separator: "; ")
    }
  }

  public var changes: [Change]

  public var isEmpty: Bool { changes.isEmpty }

  /// One change a line; "no changes" when there are none.
  public var description: String {
    changes.isEmpty ? "no changes" : changes.map(\.description).joined(separator: "\n")
  }

  public init(from old: GatewayConfig, to new: GatewayConfig) {
    var changes: [Change] = []
    let defaults = Self.defaultsDetails(old.defaults, new.defaults)
    if !defaults.isEmpty { changes.append(Change(.changed, "defaults", defaults)) }
    changes += Self.keyed(old.tenants, new.tenants, noun: "tenant") { _, _ in [] }
    let oldSources = Self.sources(of: old)
    let newSources = Self.sources(of: new)
    changes += Self.keyed(oldSources, newSources, noun: "source") {
      Self.sourceDetails($0, $1)
    }
    changes += Self.keyed(old.handlers, new.handlers, noun: "handler") {
      Self.handlerDetails($0, $1)
    }
    changes += Self.routeChanges(old.routes, new.routes)
    self.changes = changes
  }

  /// Added, removed, then changed, each sorted by name.
  private static func keyed<Value>(
    _ old: [String: Value], _ new: [String: Value], noun: String,
    details: (Value, Value) -> [String]
  ) -> [Change] {
    let subject = { (name: String) in "\(noun) \(name)" }
    var changes: [Change] = []
    for name in new.keys.sorted() where old[name] == nil {
      changes.append(Change(.added, subject(name)))
    }
    for name in old.keys.sorted() where new[name] == nil {
      changes.append(Change(.removed, subject(name)))
    }
    for name in new.keys.sorted() {
      guard let before = old[name], let after = new[name] else { continue }
      let altered = details(before, after)
      if !altered.isEmpty { changes.append(Change(.changed, subject(name), altered)) }
    }
    return changes
  }

  private static func sources(of config: GatewayConfig) -> [String: Source] {
    var result: [String: Source] = [:]
    for tenant in config.tenants.values {
      for source in tenant.sources.values { result["\(tenant.name)/\(source.name)"] = source }
    }
    return result
  }

  private static func routeChanges(_ old: [Route], _ new: [Route]) -> [Change] {
    let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let after = Dictionary(new.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var changes: [Change] = []
    for route in new where before[route.name] == nil {
      changes.append(Change(.added, "route \(route.name)"))
    }
    for route in old where after[route.name] == nil {
      changes.append(Change(.removed, "route \(route.name)"))
    }
    for route in new {
      guard let previous = before[route.name] else { continue }
      let altered = routeDetails(previous, route)
      if !altered.isEmpty { changes.append(Change(.changed, "route \(route.name)", altered)) }
    }
    return changes
  }
}

/// The settings compared, each as `name old -> new`.
extension ConfigDiff {
  private static func change(_ name: String, _ old: String, _ new: String) -> [String] {
    old == new ? [] : ["\(name) \(old) -> \(new)"]
  }

  static func defaultsDetails(_ old: Defaults, _ new: Defaults) -> [String] {
    change(
      "dedupe_window", ConfigText.duration(old.dedupeWindow), ConfigText.duration(new.dedupeWindow))
      + change("tolerance", ConfigText.duration(old.tolerance), ConfigText.duration(new.tolerance))
      + change("max_body", ConfigText.size(old.maxBody), ConfigText.size(new.maxBody))
      + change(
        "durability", ConfigText.durability(old.durability), ConfigText.durability(new.durability))
  }

  static func sourceDetails(_ old: Source, _ new: Source) -> [String] {
    var details = change("provider", old.provider.rawValue, new.provider.rawValue)
    if old.secrets != new.secrets {
      details.append(
        old.secrets.count == new.secrets.count
          ? (new.secrets.count == 1 ? "secret changed" : "secrets changed")
          : "secrets changed (\(old.secrets.count) -> \(new.secrets.count))")
    }
    if old.webhookID != new.webhookID { details.append("webhook_id changed") }
    details += change(
      "notification_url", ConfigText.optional(old.notificationURL.map(ConfigText.redactedURL)),
      ConfigText.optional(new.notificationURL.map(ConfigText.redactedURL)))
    details += change("cert_hosts", ConfigText.list(old.certHosts), ConfigText.list(new.certHosts))
    details += change(
      "cert_file", ConfigText.optional(old.certFile), ConfigText.optional(new.certFile))
    details += change(
      "signature", ConfigText.optional(old.signature.map(ConfigText.signature)),
      ConfigText.optional(new.signature.map(ConfigText.signature)))
    details += change(
      "signed_content", ConfigText.optional(old.signedContent?.description),
      ConfigText.optional(new.signedContent?.description))
    details += change(
      "timestamp", ConfigText.optional(old.signatureTimestamp.map(ConfigText.timestamp)),
      ConfigText.optional(new.signatureTimestamp.map(ConfigText.timestamp)))
    details += change("event_id", ConfigText.locator(old.eventID), ConfigText.locator(new.eventID))
    details += change(
      "event_type", ConfigText.locator(old.eventType), ConfigText.locator(new.eventType))
    details += mapDetails(
      "fields", old.fields.mapValues(ConfigText.locator), new.fields.mapValues(ConfigText.locator))
    details += mapDetails("types", old.types, new.types)
    details += change(
      "tolerance", ConfigText.duration(old.tolerance), ConfigText.duration(new.tolerance))
    details += change(
      "dedupe_window", ConfigText.duration(old.dedupeWindow), ConfigText.duration(new.dedupeWindow))
    details += change("max_body", ConfigText.size(old.maxBody), ConfigText.size(new.maxBody))
    return details
  }

  /// `fields.amount $.a -> $.b`, `+fields.currency $.c`, `-types.x`.
  private static func mapDetails(_ name: String, _ old: [String: String], _ new: [String: String])
    -> [String]
  {
    var details: [String] = []
    for key in Set(old.keys).union(new.keys).sorted() {
      switch (old[key], new[key]) {
      case (nil, let added?): details.append("+\(name).\(key) \(added)")
      case (_?, nil): details.append("-\(name).\(key)")
      case (let before?, let after?): details += change("\(name).\(key)", before, after)
      case (nil, nil): break
      }
    }
    return details
  }

  static func handlerDetails(_ old: Handler, _ new: Handler) -> [String] {
    var details = change(
      "url", ConfigText.redactedURL(old.url), ConfigText.redactedURL(new.url))
    if old.url != new.url, details.isEmpty { details.append("url changed") }
    if old.secret != new.secret { details.append("secret changed") }
    details += change(
      "order_by", ConfigText.optional(old.orderBy), ConfigText.optional(new.orderBy))
    details += change("rate_limit", ConfigText.rate(old.rateLimit), ConfigText.rate(new.rateLimit))
    details += change(
      "timeout", ConfigText.duration(old.delivery.timeout),
      ConfigText.duration(new.delivery.timeout))
    details += change(
      "retry", ConfigText.retry(old.delivery.retry), ConfigText.retry(new.delivery.retry))
    details += change(
      "visibility_timeout", ConfigText.duration(old.delivery.visibilityTimeout),
      ConfigText.duration(new.delivery.visibilityTimeout))
    details += change(
      "concurrency", String(old.delivery.concurrency), String(new.delivery.concurrency))
    return details
  }

  static func routeDetails(_ old: Route, _ new: Route) -> [String] {
    let before = old.match
    let after = new.match
    return change(
      "type", ConfigText.list(before.types.map(\.pattern)),
      ConfigText.list(after.types.map(\.pattern)))
      + change("tenant", ConfigText.list(before.tenants), ConfigText.list(after.tenants))
      + change("source", ConfigText.list(before.sources), ConfigText.list(after.sources))
      + change("provider", ConfigText.list(before.providers), ConfigText.list(after.providers))
      + change("where", ConfigText.match(before.where), ConfigText.match(after.where))
      + change(
        "any", ConfigText.list(before.any.map(ConfigText.match)),
        ConfigText.list(after.any.map(ConfigText.match)))
      + change("to", ConfigText.list(old.to), ConfigText.list(new.to))
  }
}
