import Foundation

/// The active configuration as `GET /admin/config` shows it. Built field by field rather than
/// by reflection, so a field added later is not shown until someone decides it is safe:
/// secrets appear only as `"[redacted]"` (with their expiry), credentials in a URL are
/// replaced, and a PayPal webhook id is redacted too.
public enum ConfigView {
  public static let redacted = JSONValue.string("[redacted]")

  public static func json(_ config: GatewayConfig, loadedAt: Date) -> JSONValue {
    let loaded = Timestamp.rfc3339(epochMilliseconds: Int64(loadedAt.timeIntervalSince1970 * 1000))
    return .object([
      ("loaded_at", .string(loaded)),
      ("version", number(config.version)),
      ("defaults", defaults(config.defaults)),
      ("tenants", .array(config.tenants.keys.sorted().map { tenant(config.tenants[$0]!) })),
      ("handlers", .array(config.handlers.keys.sorted().map { handler(config.handlers[$0]!) })),
      ("routes", .array(config.routes.map(route))),
    ])
  }

  static func defaults(_ defaults: Defaults) -> JSONValue {
    let durability: JSONValue
    switch defaults.durability {
    case .local: durability = .string("local")
    case .replicated(let replicas, let timeout):
      durability = .object([
        ("mode", .string("replicated")), ("replicas", number(replicas)),
        ("timeout", duration(timeout)),
      ])
    }
    return .object([
      ("dedupe_window", duration(defaults.dedupeWindow)),
      ("tolerance", duration(defaults.tolerance)),
      ("max_body", number(defaults.maxBody)),
      ("durability", durability),
      ("delivery", delivery(defaults.delivery)),
    ])
  }

  static func tenant(_ tenant: Tenant) -> JSONValue {
    .object([
      ("name", .string(tenant.name)),
      ("sources", .array(tenant.sources.keys.sorted().map { source(tenant.sources[$0]!) })),
    ])
  }

  static func source(_ source: Source) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("name", .string(source.name)),
      ("provider", .string(source.provider.rawValue)),
      ("secrets", .array(source.secrets.map(secret))),
    ]
    if source.webhookID != nil { members.append(("webhook_id", redacted)) }
    if let url = source.notificationURL {
      members.append(("notification_url", .string(Self.url(url))))
    }
    if let signature = source.signature {
      members.append(
        (
          "signature",
          .object([
            ("header", .string(signature.header)),
            ("encoding", .string(signature.encoding.rawValue)),
            ("prefix", .string(signature.prefix)),
          ])
        ))
    }
    if !source.certHosts.isEmpty {
      members.append(("cert_hosts", .array(source.certHosts.map(JSONValue.string))))
    }
    if let certFile = source.certFile { members.append(("cert_file", .string(certFile))) }
    members += [
      ("tolerance", duration(source.tolerance)),
      ("dedupe_window", duration(source.dedupeWindow)),
      ("max_body", number(source.maxBody)),
    ]
    return .object(members)
  }

  static func handler(_ handler: Handler) -> JSONValue {
    .object([
      ("name", .string(handler.name)),
      ("url", .string(url(handler.url))),
      ("secret", secret(handler.secret)),
      ("order_by", handler.orderBy.map(JSONValue.string) ?? .null),
      ("rate_limit", handler.rateLimit.map { .string(rate($0)) } ?? .null),
      ("delivery", delivery(handler.delivery)),
    ])
  }

  static func route(_ route: Route) -> JSONValue {
    .object([
      ("name", .string(route.name)),
      (
        "match",
        .object([
          ("type", .array(route.match.types.map { .string($0.pattern) })),
          ("tenant", .array(route.match.tenants.map(JSONValue.string))),
          ("source", .array(route.match.sources.map(JSONValue.string))),
          ("provider", .array(route.match.providers.map(JSONValue.string))),
        ])
      ),
      ("to", .array(route.to.map(JSONValue.string))),
    ])
  }

  static func delivery(_ policy: DeliveryPolicy) -> JSONValue {
    .object([
      ("timeout", duration(policy.timeout)),
      ("visibility_timeout", duration(policy.visibilityTimeout)),
      ("concurrency", number(policy.concurrency)),
      (
        "retry",
        .object([
          ("schedule", .array(policy.retry.schedule.map(duration))),
          ("jitter", .string(policy.retry.jitter.rawValue)),
        ])
      ),
    ])
  }

  static func secret(_ secret: Secret) -> JSONValue {
    guard let expires = secret.expires else { return .object([("value", redacted)]) }
    let text = Timestamp.rfc3339(epochSeconds: Int64(expires.timeIntervalSince1970))
    return .object([("value", redacted), ("expires", .string(text))])
  }

  /// `https://user:pass@host/x?token=…` → `https://[redacted]@host/x?[redacted]`: the
  /// user part and the query may carry credentials.
  public static func url(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    var rest = Substring(text[scheme.upperBound...])
    var head = String(text[..<scheme.upperBound])
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    if let at = rest[..<authorityEnd].lastIndex(of: "@") {
      head += "[redacted]@"
      rest = rest[rest.index(after: at)...]
    }
    if let question = rest.firstIndex(of: "?") {
      return head + rest[...question] + "[redacted]"
    }
    return head + rest
  }

  public static func rate(_ rate: Rate) -> String {
    switch rate.per {
    case .seconds(1): return "\(rate.count)/s"
    case .seconds(60): return "\(rate.count)/m"
    case .seconds(3600): return "\(rate.count)/h"
    default: return "\(rate.count)/\(rate.per.milliseconds)ms"
    }
  }

  static func duration(_ duration: Duration) -> JSONValue {
    let ms = duration.milliseconds
    return .string(ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms")
  }

  static func number(_ value: Int) -> JSONValue { .number(String(value)) }
}
