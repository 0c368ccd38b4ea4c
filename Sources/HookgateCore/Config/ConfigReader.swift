import Yams

/// A key of a YAML mapping with its value; `keyNode` places errors about the key itself.
struct ConfigEntry {
  let key: String
  let keyNode: Node
  let value: Node
}

/// A scalar after `${…}` interpolation.
struct ConfigScalar {
  var value: String
  var node: Node
  /// Whether the text held a `${…}` reference: the value may then come from the
  /// environment, and messages about values that may be confidential quote the text as
  /// written instead.
  var fromEnvironment: Bool
}

/// Walks the composed YAML tree and collects every diagnostic in one pass.
///
/// Each accessor reports its own problems and returns nil, so callers skip just that value
/// and go on finding the next error instead of stopping at the first.
final class ConfigReader {
  let file: String
  let environment: [String: String]
  private(set) var diagnostics: [ConfigDiagnostic] = []

  init(file: String, environment: [String: String]) {
    self.file = file
    self.environment = environment
  }

  var errorCount: Int { diagnostics.count { $0.severity == .error } }

  func error(_ message: String, at node: Node) {
    report(message, severity: .error, line: node.mark?.line, column: node.mark?.column)
  }

  func warning(_ message: String, at node: Node) {
    report(message, severity: .warning, line: node.mark?.line, column: node.mark?.column)
  }

  func report(
    _ message: String, severity: ConfigDiagnostic.Severity, line: Int?, column: Int?
  ) {
    diagnostics.append(
      ConfigDiagnostic(
        file: file, line: line ?? 1, column: column ?? 1, message: message,
        severity: severity))
  }

  // MARK: Mappings

  /// The entries of a mapping in file order; a null value (`key:` alone) counts as an empty
  /// mapping.
  ///
  /// YAML merge keys (`<<: *shared`, or a list of aliases) are expanded here, so ops can
  /// share settings between handlers; keys written beside `<<` win over merged ones.
  func pairs(of node: Node, in context: String) -> [ConfigEntry]? {
    if node.isNull { return [] }
    guard case .mapping(let mapping) = node else {
      error("\(context) must be a mapping, found \(node.kindName)", at: node)
      return nil
    }
    var entries: [ConfigEntry] = []
    var merged: [ConfigEntry] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let key) = keyNode else {
        error(
          "keys in \(context) must be plain names, found \(keyNode.kindName)", at: keyNode
        )
        continue
      }
      if key.string == "<<", key.style == .plain {
        merged += mergedPairs(value, in: context)
        continue
      }
      // An empty value has no position of its own worth showing: point at its key.
      let placed = value.isNull ? value.moved(to: keyNode.mark) : value
      entries.append(ConfigEntry(key: key.string, keyNode: keyNode, value: placed))
    }
    for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
      entries.append(entry)
    }
    return entries
  }

  private func mergedPairs(_ value: Node, in context: String) -> [ConfigEntry] {
    let sources: [Node]
    if case .sequence(let sequence) = value {
      sources = Array(sequence)
    } else {
      sources = [value]
    }
    var result: [ConfigEntry] = []
    for source in sources {
      guard case .mapping = source else {
        error(
          "'<<' in \(context) must merge a mapping, found \(source.kindName)", at: source)
        continue
      }
      // Earlier mappings in a merge list win, as the YAML merge-key spec says.
      for entry in pairs(of: source, in: context) ?? []
      where !result.contains(where: { $0.key == entry.key }) {
        result.append(entry)
      }
    }
    return result
  }

  /// The entries of a mapping keyed by name, after reporting every key not in `allowed`.
  func keyed(_ entries: [ConfigEntry], in context: String, allowed: [String]) -> [String:
    ConfigEntry]
  {
    var result: [String: ConfigEntry] = [:]
    for entry in entries {
      if allowed.contains(entry.key) {
        result[entry.key] = entry
      } else {
        error(unknownKey(entry.key, in: context, allowed: allowed), at: entry.keyNode)
      }
    }
    return result
  }

  func entries(of node: Node, in context: String, allowed: [String]) -> [String: ConfigEntry]? {
    pairs(of: node, in: context).map { keyed($0, in: context, allowed: allowed) }
  }

  private func unknownKey(_ key: String, in context: String, allowed: [String]) -> String {
    var message = "unknown key '\(key)' in \(context)"
    if let guess = Self.closestName(to: key, among: allowed) {
      message += "; did you mean '\(guess)'?"
    }
    return message + " (valid keys: \(allowed.joined(separator: ", ")))"
  }

  // MARK: Scalars

  /// A single value with `${…}` resolved; null reads as the empty string, which the
  /// callers that need a value then refuse.
  func scalar(_ node: Node, _ what: String) -> ConfigScalar? {
    guard case .scalar(let scalar) = node else {
      error("\(what) must be a single value, found \(node.kindName)", at: node)
      return nil
    }
    let text = node.isNull ? "" : scalar.string
    do throws(EnvironmentInterpolation.Failure) {
      let value = try EnvironmentInterpolation.interpolate(text, environment: environment)
      return ConfigScalar(
        value: value, node: node,
        fromEnvironment: EnvironmentInterpolation.containsReference(text))
    } catch {
      for problem in error.problems {
        var message = "\(problem) (needed by \(what))"
        if case .unsetVariable(let name) = problem {
          message += "; write ${\(name):-} to make it optional"
        }
        self.error(message, at: node)
      }
      return nil
    }
  }

  func nonEmptyString(_ node: Node, _ what: String) -> ConfigScalar? {
    guard let scalar = scalar(node, what) else { return nil }
    if scalar.value.isEmpty {
      error("\(what) must not be empty", at: node)
      return nil
    }
    return scalar
  }

  /// A value or a list of values (`type: a` or `type: [a, b]`); null reads as none.
  func stringList(_ node: Node, _ what: String) -> [ConfigScalar] {
    if node.isNull { return [] }
    if case .sequence(let sequence) = node {
      return sequence.enumerated().compactMap { index, item in
        nonEmptyString(item, "\(what)[\(index)]")
      }
    }
    return nonEmptyString(node, what).map { [$0] } ?? []
  }

  func list(_ node: Node, _ what: String) -> [Node]? {
    if node.isNull { return [] }
    guard case .sequence(let sequence) = node else {
      error("\(what) must be a list, found \(node.kindName)", at: node)
      return nil
    }
    return Array(sequence)
  }

  // MARK: Quantities

  func duration(_ node: Node, _ what: String, allowZero: Bool = false) -> Duration? {
    guard let scalar = scalar(node, what) else { return nil }
    do throws(Units.ParseError) {
      return try Units.duration(scalar.value, allowZero: allowZero)
    } catch {
      self.error("\(what): \(error)", at: node)
      return nil
    }
  }

  func size(_ node: Node, _ what: String) -> Int? {
    guard let scalar = scalar(node, what) else { return nil }
    do throws(Units.ParseError) {
      return try Units.size(scalar.value)
    } catch {
      self.error("\(what): \(error)", at: node)
      return nil
    }
  }

  func rate(_ node: Node, _ what: String) -> Rate? {
    guard let scalar = scalar(node, what) else { return nil }
    do throws(Units.ParseError) {
      return try Units.rate(scalar.value)
    } catch {
      self.error("\(what): \(error)", at: node)
      return nil
    }
  }

  func positiveInt(_ node: Node, _ what: String) -> Int? {
    guard let scalar = scalar(node, what) else { return nil }
    guard let number = Int(scalar.value), number > 0 else {
      error(
        "\(what) must be a whole number greater than zero, found '\(scalar.value)'",
        at: node)
      return nil
    }
    return number
  }
}

extension ConfigReader {
  /// The allowed name nearest to a mistyped one, when it is near enough to be the intent.
  static func closestName(to key: String, among names: [String]) -> String? {
    let scored = names.map { (name: $0, distance: editDistance(key, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    return best.distance <= max(1, min(key.count, best.name.count) / 3) ? best.name : nil
  }

  /// Levenshtein distance; names here are short, so the quadratic table is fine.
  private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs)
    let right = Array(rhs)
    if left.isEmpty || right.isEmpty { return max(left.count, right.count) }
    var previous = Array(0...right.count)
    for (i, leftChar) in left.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: right.count)
      for (j, rightChar) in right.enumerated() {
        let substitution = previous[j] + (leftChar == rightChar ? 0 : 1)
        current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
      }
      previous = current
    }
    return previous[right.count]
  }
}

extension Node {
  /// `key:`, `key: ~` and `key: null` (unquoted): YAML's ways of writing "no value".
  var isNull: Bool {
    guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any
    else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  var kindName: String {
    switch self {
    case .scalar: "a single value"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }

  func moved(to mark: Mark?) -> Node {
    guard case .scalar(var scalar) = self else { return self }
    scalar.mark = mark
    return .scalar(scalar)
  }
}
