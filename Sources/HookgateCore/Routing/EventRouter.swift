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
    (match.types.isEmpty || match.types.contains { $0.matches(envelope.type) })
      && (match.tenants.isEmpty || match.tenants.contains(envelope.tenant))
      && (match.sources.isEmpty || match.sources.contains(envelope.source))
      && (match.providers.isEmpty || match.providers.contains(envelope.provider.rawValue))
  }
}
