import Yams

/// `tenants:`: names and the sources under each.
extension ConfigReader {
  /// Tenant and source names appear in `/webhooks/{tenant}/{source}`, so they stay URL-safe.
  static func isURLSafeName(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy { scalar in
        scalar == "-" || scalar == "_" || ("a"..."z").contains(scalar)
          || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      }
  }

  /// The valid tenants, and the source names each tenant declares (valid or not), so
  /// routes can be checked against what the file meant even when a source had errors.
  func tenants(from node: Node, defaults: Defaults) -> (
    tenants: [String: Tenant], declared: [String: Set<String>]
  ) {
    var tenants: [String: Tenant] = [:]
    var declared: [String: Set<String>] = [:]
    guard let entries = pairs(of: node, in: "tenants") else { return ([:], [:]) }
    if entries.isEmpty {
      warning("no tenants are defined, so every webhook will be answered 404", at: node)
    }
    for entry in entries {
      let name = entry.key
      if !Self.isURLSafeName(name) {
        error(
          "tenant name '\(name)' may only use letters, digits, '-' and '_'"
            + " (it appears in /webhooks/{tenant}/{source})", at: entry.keyNode)
      }
      declared[name] = []
      guard
        let fields = self.entries(
          of: entry.value, in: "tenant '\(name)'", allowed: ["sources"])
      else { continue }
      guard let sourcesEntry = fields["sources"],
        let sourceEntries = pairs(of: sourcesEntry.value, in: "tenant '\(name)' sources"),
        !sourceEntries.isEmpty
      else {
        warning("tenant '\(name)' has no sources", at: entry.keyNode)
        continue
      }
      var sources: [String: Source] = [:]
      for sourceEntry in sourceEntries {
        declared[name, default: []].insert(sourceEntry.key)
        if !Self.isURLSafeName(sourceEntry.key) {
          error(
            "source name '\(sourceEntry.key)' may only use letters, digits, '-' and"
              + " '_' (it appears in /webhooks/{tenant}/{source})",
            at: sourceEntry.keyNode)
        }
        if let source = source(tenant: name, entry: sourceEntry, defaults: defaults) {
          sources[sourceEntry.key] = source
        }
      }
      tenants[name] = Tenant(name: name, sources: sources)
    }
    return (tenants, declared)
  }
}
