/// How a condition compares, decided per comparison from the two values:
///
/// - Ordering operators (`gt`, `gte`, `lt`, `lte`) compare as decimals when both sides are
///   decimal numbers (`"10.5" > "9.99"`), as instants when both are RFC 3339 date-times (any
///   offset), and as strings otherwise.
/// - Equality (`eq`, `ne`, `in`, `nin`) compares by value only for amounts (`data.amount`,
///   or a field holding a JSON number) and instants; anything else is equal only as the same
///   text, so a reference `"007"` is not `"7"`.
/// - A missing (or null) field satisfies only `ne`, `nin` and `exists: false`; an object or a
///   list is never equal to, less than or prefixed by a value.
extension FieldCondition {
  public func holds(in envelope: Envelope) -> Bool {
    holds(for: envelope.field(field))
  }

  func holds(for value: JSONValue?) -> Bool {
    let present = value.flatMap { $0.isNull ? nil : $0 }
    if case .flag(let wanted) = operand { return (present != nil) == wanted }
    guard let present, let text = present.scalarText else { return op == .ne || op == .nin }
    let byValue = present.isNumber || Self.amountFields.contains(field)
    switch (op, operand) {
    case (.eq, .value(let wanted)): return Self.equal(text, wanted, byValue: byValue)
    case (.ne, .value(let wanted)): return !Self.equal(text, wanted, byValue: byValue)
    case (.in, .values(let wanted)):
      return wanted.contains { Self.equal(text, $0, byValue: byValue) }
    case (.nin, .values(let wanted)):
      return !wanted.contains { Self.equal(text, $0, byValue: byValue) }
    case (.prefix, .value(let wanted)): return text.hasPrefix(wanted)
    case (.gt, .value(let bound)): return Self.order(text, bound) == .greater
    case (.gte, .value(let bound)): return Self.order(text, bound) != .less
    case (.lt, .value(let bound)): return Self.order(text, bound) == .less
    case (.lte, .value(let bound)): return Self.order(text, bound) != .greater
    default:
      // The loader never pairs an operator with another operand kind.
      return false
    }
  }

  enum Order { case less, equal, greater }

  static func order(_ actual: String, _ bound: String) -> Order {
    if let lhs = DecimalNumber(actual), let rhs = DecimalNumber(bound) {
      return lhs < rhs ? .less : (lhs == rhs ? .equal : .greater)
    }
    if let lhs = Timestamp.epochMilliseconds(iso8601: actual),
      let rhs = Timestamp.epochMilliseconds(iso8601: bound)
    {
      return lhs < rhs ? .less : (lhs == rhs ? .equal : .greater)
    }
    return actual < bound ? .less : (actual == bound ? .equal : .greater)
  }

  static func equal(_ actual: String, _ wanted: String, byValue: Bool) -> Bool {
    if actual == wanted { return true }
    if byValue, let lhs = DecimalNumber(actual), let rhs = DecimalNumber(wanted) {
      return lhs == rhs
    }
    if let lhs = Timestamp.epochMilliseconds(iso8601: actual),
      let rhs = Timestamp.epochMilliseconds(iso8601: wanted)
    {
      return lhs == rhs
    }
    return false
  }
}

extension JSONValue {
  var isNumber: Bool {
    if case .number = self { return true }
    return false
  }
}
