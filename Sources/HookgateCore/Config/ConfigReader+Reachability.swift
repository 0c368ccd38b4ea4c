import Yams

/// Warnings for routes that can never match: their `type:` globs match no type any source
/// they can take (by tenant, source and provider) can produce, or no source fits them at all.
///
/// What a source can produce: the normalized types of the built-in table for its provider,
/// the values of its `types:` map, and `{provider}.{anything}` for the rest; a generic
/// `hmac` source (a customer's own system, `event_type` read from its body) anything.
/// Warnings, not errors: the file is valid, but a route that silently never fires is what
/// an operator wants to hear about before deploying.
extension ConfigReader {
  func warnIfUnreachable(
    _ match: RouteMatch, label: String, at matchNode: Node, types: [ConfigScalar],
    declared: [String: Set<String>], tenants: [String: Tenant]
  ) {
    // A source with errors is missing from `tenants`: the file does not load anyway, and a
    // guess about what that source produces would only add noise.
    let loadedSources = tenants.values.reduce(0) { $0 + $1.sources.count }
    guard loadedSources == declared.values.reduce(0, { $0 + $1.count }) else { return }

    let candidates = tenants.values.flatMap(\.sources.values).filter { source in
      (match.tenants.isEmpty || match.tenants.contains(source.tenant))
        && (match.sources.isEmpty || match.sources.contains(source.name))
        && (match.providers.isEmpty || match.providers.contains(source.provider.rawValue))
    }
    if candidates.isEmpty {
      let allNamed =
        match.tenants.allSatisfy { declared[$0] != nil }
        && match.sources.allSatisfy { name in declared.values.contains { $0.contains(name) } }
      // Otherwise the undefined tenant or source was warned about already.
      if allNamed, !tenants.isEmpty {
        warning(
          "\(label) can never match: no source has the tenant, source and provider it asks for",
          at: matchNode)
      }
      return
    }
    guard !types.isEmpty else { return }
    let producible = candidates.map(ProducibleTypes.init(of:))
    let unmatched = types.filter { scalar in
      !producible.contains { $0.canMatch(Glob(scalar.value)) }
    }
    guard !unmatched.isEmpty else { return }
    let known = producible.reduce(into: Set<String>()) { $0.formUnion($1.literals) }.sorted()
    if unmatched.count == types.count {
      var message =
        "\(label) can never match: no source it takes produces a type matching"
        + " \(types.map(\.value).joined(separator: ", "))"
      if types.count == 1, let guess = Self.closestName(to: types[0].value, among: known) {
        message += "; did you mean '\(guess)'?"
      }
      warning(message, at: types[0].node)
      return
    }
    for scalar in unmatched {
      var message = "\(label) type '\(scalar.value)' matches no type its sources produce"
      if let guess = Self.closestName(to: scalar.value, among: known) {
        message += "; did you mean '\(guess)'?"
      }
      warning(message, at: scalar.node)
    }
  }
}

/// The normalized types one source can give its envelopes.
struct ProducibleTypes {
  var anything: Bool
  var literals: Set<String>
  /// Types start with this, followed by a non-empty rest (the table's fallback).
  var prefix: String

  init(of source: Source) {
    anything = source.provider == .hmac
    literals = EventTypeTable.mappedTypes(of: source.provider).union(source.types.values)
    prefix = EventTypeTable.fallbackPrefix(source.provider)
  }

  func canMatch(_ glob: Glob) -> Bool {
    if anything || literals.contains(where: glob.matches) { return true }
    guard let star = glob.pattern.firstIndex(of: "*") else {
      return glob.pattern.hasPrefix(prefix) && glob.pattern.count > prefix.count
    }
    // Everything after the first `*` can be produced: the fallback's rest is free text.
    let head = glob.pattern[..<star]
    return prefix.hasPrefix(head) || head.hasPrefix(prefix)
  }
}
