import Yams

/// `routes:`: which handlers get which events.
extension ConfigReader {
  static let routeKeys = ["name", "match", "to"]
  static let matchKeys = ["type", "tenant", "source", "provider", "where", "any"]

  /// - Parameters:
  ///   - handlers: every handler name declared, valid or not.
  ///   - sources: every tenant declared, with the source names it declares.
  ///   - tenants: the tenants that loaded, to tell which types a route's sources produce.
  func routes(
    from node: Node, handlers: Set<String>, sources: [String: Set<String>],
    tenants: [String: Tenant]
  ) -> [Route] {
    var routes: [Route] = []
    var firstLineOfName: [String: Int] = [:]
    for (index, item) in (list(node, "routes") ?? []).enumerated() {
      guard let pairs = pairs(of: item, in: "routes[\(index)]") else { continue }
      let nameEntry = pairs.first { $0.key == "name" }
      let name = nameEntry.flatMap { nonEmptyString($0.value, "routes[\(index)].name") }
      let label = name.map { "route '\($0.value)'" } ?? "route \(index + 1)"
      let fields = keyed(pairs, in: label, allowed: Self.routeKeys)
      let errorsBefore = errorCount
      if nameEntry == nil {
        error("\(label) is missing required key 'name'", at: item)
      }
      if let name, let nameLine = name.node.mark?.line {
        if let first = firstLineOfName[name.value] {
          error(
            "duplicate route name '\(name.value)' (first used at line \(first))",
            at: name.node)
        } else {
          firstLineOfName[name.value] = nameLine
        }
      }
      let match = fields["match"].flatMap {
        routeMatch($0.value, label: label, sources: sources, tenants: tenants)
      }
      var targets: [String] = []
      if let toEntry = fields["to"] {
        targets = handlerNames(toEntry.value, label: label, declared: handlers)
      } else {
        error("\(label) is missing required key 'to' (a handler name or a list)", at: item)
      }
      guard let name, errorCount == errorsBefore else { continue }
      routes.append(Route(name: name.value, match: match ?? RouteMatch(), to: targets))
    }
    return routes
  }

  private func routeMatch(
    _ node: Node, label: String, sources: [String: Set<String>], tenants: [String: Tenant]
  ) -> RouteMatch? {
    let context = "\(label) match"
    guard let fields = entries(of: node, in: context, allowed: Self.matchKeys) else {
      return nil
    }
    var match = RouteMatch()
    var typeScalars: [ConfigScalar] = []
    if let entry = fields["where"] {
      match.where = conditions(entry.value, context: "\(context).where") ?? []
    }
    if let entry = fields["any"] {
      match.any = alternatives(entry.value, context: "\(context).any") ?? []
    }
    if let entry = fields["type"] {
      typeScalars = stringList(entry.value, "\(context).type")
      match.types = typeScalars.map { Glob($0.value) }
    }
    if let entry = fields["tenant"] {
      let tenants = stringList(entry.value, "\(context).tenant")
      for tenant in tenants where sources[tenant.value] == nil {
        warning(
          "\(label) matches tenant '\(tenant.value)', which is not defined",
          at: tenant.node)
      }
      match.tenants = tenants.map(\.value)
    }
    if let entry = fields["source"] {
      let names = stringList(entry.value, "\(context).source")
      let known = sources.values.reduce(into: Set<String>()) { $0.formUnion($1) }
      for source in names where !known.contains(source.value) {
        warning(
          "\(label) matches source '\(source.value)', which no tenant defines",
          at: source.node)
      }
      match.sources = names.map(\.value)
    }
    if let entry = fields["provider"] {
      let providers = stringList(entry.value, "\(context).provider")
      let known = ProviderKind.allCases.map(\.rawValue)
      for provider in providers where !known.contains(provider.value) {
        var message = "\(label) matches unknown provider '\(provider.value)'"
        if let guess = Self.closestName(to: provider.value, among: known) {
          message += "; did you mean '\(guess)'?"
        }
        error(message + " (known providers: \(Self.providerNames))", at: provider.node)
      }
      match.providers = providers.map(\.value)
    }
    warnIfUnreachable(
      match, label: label, at: node, types: typeScalars, declared: sources, tenants: tenants)
    return match
  }

  private func handlerNames(_ node: Node, label: String, declared: Set<String>) -> [String] {
    let errorsBefore = errorCount
    let names = stringList(node, "\(label) to")
    if names.isEmpty && errorCount == errorsBefore {
      warning("\(label) sends to no handler", at: node)
    }
    var result: [String] = []
    for name in names {
      guard declared.contains(name.value) else {
        var message = "\(label) sends to undefined handler '\(name.value)'"
        if let guess = Self.closestName(to: name.value, among: declared.sorted()) {
          message += "; did you mean '\(guess)'?"
        }
        error(message, at: name.node)
        continue
      }
      if result.contains(name.value) {
        warning("\(label) lists handler '\(name.value)' twice", at: name.node)
      } else {
        result.append(name.value)
      }
    }
    return result
  }
}
