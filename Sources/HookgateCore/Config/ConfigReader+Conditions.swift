import Yams

/// `match.where` (a map of field → {operator: operand}, all of which must hold) and
/// `match.any` (a list of such maps, one of which must hold).
///
/// Everything that could only show up as a route that silently never matches (an operator
/// typo, a list where a value belongs, `gt: soon` on an amount) is a load error here.
extension ConfigReader {
  static var operatorNames: [String] { FieldCondition.Operator.allCases.map(\.rawValue) }

  /// The conditions of one `where`-style map, or nil when it had errors (all reported).
  func conditions(_ node: Node, context: String) -> [FieldCondition]? {
    guard let entries = pairs(of: node, in: context) else { return nil }
    let errorsBefore = errorCount
    if entries.isEmpty {
      error("\(context) must name at least one field, like {data.currency: {eq: RON}}", at: node)
    }
    var result: [FieldCondition] = []
    for entry in entries {
      guard checkConditionField(entry, context: context) else { continue }
      let label = "\(context) \(entry.key)"
      guard case .mapping = entry.value else {
        error(
          "\(label) must be a mapping of operator to value, like {eq: RON} (operators:"
            + " \(Self.operatorNames.joined(separator: ", "))), found \(entry.value.kindName)",
          at: entry.value)
        continue
      }
      for operation in pairs(of: entry.value, in: label) ?? [] {
        guard let op = FieldCondition.Operator(rawValue: operation.key) else {
          var message = "unknown operator '\(operation.key)' in \(label)"
          if let guess = Self.closestName(to: operation.key, among: Self.operatorNames) {
            message += "; did you mean '\(guess)'?"
          }
          error(
            message + " (operators: \(Self.operatorNames.joined(separator: ", ")))",
            at: operation.keyNode)
          continue
        }
        if let operand = operand(of: op, operation.value, field: entry.key, label: label) {
          result.append(FieldCondition(field: entry.key, op: op, operand: operand))
        }
      }
    }
    return errorCount == errorsBefore ? result : nil
  }

  /// `match.any`: a non-empty list of condition maps.
  func alternatives(_ node: Node, context: String) -> [[FieldCondition]]? {
    guard let items = list(node, context) else { return nil }
    if items.isEmpty {
      error("\(context) must list at least one condition map (an empty any never holds)", at: node)
      return nil
    }
    let errorsBefore = errorCount
    let result = items.enumerated().compactMap { index, item in
      conditions(item, context: "\(context)[\(index)]")
    }
    return errorCount == errorsBefore ? result : nil
  }

  /// An envelope field `Envelope.field(_:)` can read: a top-level name or `data.` followed by
  /// dotted member names.
  private func checkConditionField(_ entry: ConfigEntry, context: String) -> Bool {
    let key = entry.key
    if FieldCondition.envelopeFields.contains(key) { return true }
    if key.hasPrefix("data.") {
      let members = key.dropFirst("data.".count).split(
        separator: ".", omittingEmptySubsequences: false)
      guard members.contains(where: \.isEmpty) else {
        // `fields:` may map any name into data, so an unknown one is allowed; one a typo away
        // from a contract name is almost certainly a slip.
        let named = Self.normalizedFieldNames.map { "data." + $0 }
        if !named.contains(key), let guess = Self.closestName(to: key, among: named) {
          warning("\(context) tests field '\(key)'; did you mean '\(guess)'?", at: entry.keyNode)
        }
        return true
      }
    }
    var message = "unknown envelope field '\(key)' in \(context)"
    let known = FieldCondition.envelopeFields + Self.normalizedFieldNames.map { "data." + $0 }
    if let guess = Self.closestName(to: key, among: known) {
      message += "; did you mean '\(guess)'?"
    }
    error(
      message + " (fields: \(FieldCondition.envelopeFields.joined(separator: ", ")),"
        + " or data.NAME like data.amount)", at: entry.keyNode)
    return false
  }

  private func operand(
    of op: FieldCondition.Operator, _ node: Node, field: String, label: String
  ) -> FieldCondition.Operand? {
    let what = "\(label) \(op.rawValue)"
    switch op {
    case .exists:
      guard let text = singleValue(node, what) else { return nil }
      switch text.value {
      case "true": return .flag(true)
      case "false": return .flag(false)
      default:
        error("\(what) must be true or false, found '\(text.value)'", at: node)
        return nil
      }
    case .in, .nin:
      guard case .sequence = node else {
        error(
          "\(what) needs a list of values, like [RON, EUR], found \(node.kindName)", at: node)
        return nil
      }
      let items = list(node, what) ?? []
      if items.isEmpty {
        error("\(what) needs at least one value", at: node)
        return nil
      }
      let values = items.enumerated().compactMap { index, item in
        singleValue(item, "\(what)[\(index)]").flatMap { checked($0, op: op, field: field, what) }
      }
      return values.count == items.count ? .values(values) : nil
    case .eq, .ne, .gt, .gte, .lt, .lte, .prefix:
      return singleValue(node, what).flatMap { checked($0, op: op, field: field, what) }
        .map(FieldCondition.Operand.value)
    }
  }

  /// A scalar that is not YAML's null: a condition on "nothing" is written `exists: false`.
  private func singleValue(_ node: Node, _ what: String) -> ConfigScalar? {
    guard case .scalar = node else {
      error("\(what) needs a single value, found \(node.kindName)", at: node)
      return nil
    }
    if node.isNull {
      error("\(what) needs a value (to test for an absent field, write exists: false)", at: node)
      return nil
    }
    return scalar(node, what)
  }

  /// Operands that can never compare the way the field does are refused: an amount against
  /// something that is not a decimal, an instant ordered against something not a date-time.
  private func checked(
    _ operand: ConfigScalar, op: FieldCondition.Operator, field: String, _ what: String
  ) -> String? {
    let text = operand.value
    if FieldCondition.amountFields.contains(field), op != .prefix, DecimalNumber(text) == nil {
      error(
        "\(what): \(field) is a decimal amount, so the value must be a number like \"10.50\","
          + " found '\(text)'", at: operand.node)
      return nil
    }
    if FieldCondition.instantFields.contains(field), op.isOrdering,
      Timestamp.epochMilliseconds(iso8601: text) == nil
    {
      error(
        "\(what): \(field) is a date-time, so the value must be RFC 3339 like"
          + " 2026-11-20T10:00:00Z, found '\(text)'", at: operand.node)
      return nil
    }
    return text
  }
}
