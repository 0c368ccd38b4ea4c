/// A parsed JSON document that keeps numbers as their literal text, so amounts such as
/// `150.10` or `12345678901234567890` never pass through floating point.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// The number exactly as written in the source document.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in document order; a repeated key keeps every occurrence, lookups take the last.
  case object([(key: String, value: JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last(where: { $0.key == key })?.value
  }

  public subscript(index: Int) -> JSONValue? {
    guard case .array(let items) = self, items.indices.contains(index) else { return nil }
    return items[index]
  }

  /// The value as text when it is a string, a number or a boolean; nil for the rest.
  public var scalarText: String? {
    switch self {
    case .string(let text), .number(let text): return text
    case .bool(let value): return value ? "true" : "false"
    default: return nil
    }
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }
}
