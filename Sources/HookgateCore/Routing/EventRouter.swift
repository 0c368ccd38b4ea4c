/// Decides which handlers receive an envelope: every route whose match holds contributes its
/// handlers, each handler at most once, in the order routes and their `to:` lists name them.
public struct EventRouter: Sendable {
  public let routes: [Route]

  public init(routes: [Route]) {
    self.routes = routes
  }

  public func handlers(for envelope: Envelope) -> [String] {
    var chosen: [String] = []
    for route in routes where Self.matches(route.match, envelope) {
      for handler in route.to where !chosen.contains(handler) {
        chosen.append(handler)
      }
    }
    return chosen
  }

  /// The names of the routes that match, for `hookgate explain` and logs.
  public func matchingRoutes(for envelope: Envelope) -> [Route] {
    routes.filter { Self.matches($0.match, envelope) }
  }

  static func matches(_ match: RouteMatch, _ envelope: Envelope) -> Bool {
    mismatch(match, envelope) == nil
  }

  /// Why a route does not take an envelope: the first of its conditions that fails, checked
  /// in the order `type`, `tenant`, `source`, `provider`, `where`, `any`; nil when it matches.
  public static func mismatch(_ match: RouteMatch, _ envelope: Envelope) -> RouteMismatch? {
    if !match.types.isEmpty, !match.types.contains(where: { $0.matches(envelope.type) }) {
      return .type(envelope.type)
    }
    if !match.tenants.isEmpty, !match.tenants.contains(envelope.tenant) {
      return .tenant(envelope.tenant)
    }
    if !match.sources.isEmpty, !match.sources.contains(envelope.source) {
      return .source(envelope.source)
    }
    if !match.providers.isEmpty, !match.providers.contains(envelope.provider.rawValue) {
      return .provider(envelope.provider.rawValue)
    }
    if let failed = match.where.first(where: { !$0.holds(in: envelope) }) {
      return .condition(failed, actual: envelope.field(failed.field))
    }
    if !match.any.isEmpty {
      let failures = match.any.compactMap { alternative in
        alternative.first { !$0.holds(in: envelope) }
      }
      // An alternative with no failing condition holds.
      if failures.count == match.any.count {
        return .noAlternative(failures.map { ($0, envelope.field($0.field)) })
      }
    }
    return nil
  }
}

/// The reason ``EventRouter/mismatch(_:_:)`` gives, worded for `hookgate explain`.
public enum RouteMismatch: Sendable, CustomStringConvertible {
  case type(String)
  case tenant(String)
  case source(String)
  case provider(String)
  /// A `where` condition failed; `actual` is the envelope's value (nil: absent).
  case condition(FieldCondition, actual: JSONValue?)
  /// No `any` alternative held: the first failing condition of each.
  case noAlternative([(FieldCondition, actual: JSONValue?)])

  public var description: String {
    switch self {
    case .type(let type): return "type \(type) is not in match.type"
    case .tenant(let tenant): return "tenant \(tenant) is not in match.tenant"
    case .source(let source): return "source \(source) is not in match.source"
    case .provider(let provider): return "provider \(provider) is not in match.provider"
    case .condition(let condition, let actual):
      return "where \(condition) failed (\(Self.shown(actual)))"
    case .noAlternative(let failures):
      let each = failures.map { "\($0.0) failed (\(Self.shown($0.actual)))" }
      return "no alternative of any held: " + each.joined(separator: "; ")
    }
  }

  private static func shown(_ value: JSONValue?) -> String {
    guard let value, !value.isNull else { return "the field is absent" }
    return "it is " + String(decoding: JSONWriter.encode(value), as: UTF8.self)
  }
}
