/// The subset of JSONPath routes.yaml uses to point into a payload: `$.a.b`, `$.items[0]`,
/// `$.items[*].sku`, `$['odd key']`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
  public enum Step: Sendable, Equatable {
    case key(String)
    case index(Int)
    case wildcard
  }

  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "invalid JSONPath '\(path)': \(reason)" }
  }

  public let steps: [Step]
  public let description: String

  public init(steps: [Step], description: String) {
    self.steps = steps
    self.description = description
  }

  public init(parsing text: String) throws(ParseError) {
    var chars = Substring(text)
    guard chars.first == "$" else { throw ParseError(path: text, reason: "must start with '$'") }
    chars = chars.dropFirst()
    var steps: [Step] = []
    while let next = chars.first {
      if next == "." {
        chars = chars.dropFirst()
        let name = chars.prefix { $0 != "." && $0 != "[" }
        guard !name.isEmpty else { throw ParseError(path: text, reason: "empty member name") }
        steps.append(name == "*" ? .wildcard : .key(String(name)))
        chars = chars.dropFirst(name.count)
      } else if next == "[" {
        guard let close = chars.firstIndex(of: "]") else {
          throw ParseError(path: text, reason: "unclosed '['")
        }
        let inner = chars[chars.index(after: chars.startIndex)..<close]
        if inner == "*" {
          steps.append(.wildcard)
        } else if let number = Int(inner), number >= 0 {
          steps.append(.index(number))
        } else if inner.count >= 2, let quote = inner.first, quote == "'" || quote == "\"",
          inner.last == quote
        {
          steps.append(.key(String(inner.dropFirst().dropLast())))
        } else {
          throw ParseError(path: text, reason: "bad subscript '[\(inner)]'")
        }
        chars = chars[chars.index(after: close)...]
      } else {
        throw ParseError(path: text, reason: "unexpected '\(next)'")
      }
    }
    self.steps = steps
    self.description = text
  }

  /// Whether the path can select several values (it has a wildcard).
  public var isMultiple: Bool { steps.contains(.wildcard) }

  /// Every value the path selects, in document order.
  public func select(in root: JSONValue) -> [JSONValue] {
    var current = [root]
    for step in steps {
      var next: [JSONValue] = []
      for value in current {
        switch step {
        case .key(let name):
          if let child = value[name] { next.append(child) }
        case .index(let position):
          if let child = value[position] { next.append(child) }
        case .wildcard:
          switch value {
          case .array(let items): next.append(contentsOf: items)
          case .object(let members): next.append(contentsOf: members.map(\.value))
          default: break
          }
        }
      }
      current = next
    }
    return current
  }

  /// The single value at the path; for a wildcard path, the selected values as an array.
  public func value(in root: JSONValue) -> JSONValue? {
    let found = select(in: root)
    if isMultiple { return found.isEmpty ? nil : .array(found) }
    return found.first
  }
}
