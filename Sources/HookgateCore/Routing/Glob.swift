import Foundation

/// A type pattern from `match.type`: a literal (`payment.succeeded`) or a glob where `*`
/// stands for any run of characters (`payment.*`, `*.failed`, `*`).
public struct Glob: Sendable, Equatable, Hashable, CustomStringConvertible {
  public let pattern: String
  private let parts: [Substring]

  public init(_ pattern: String) {
    self.pattern = pattern
    self.parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
  }

  public var description: String { pattern }
  public var isLiteral: Bool { parts.count == 1 }

  public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern }
  public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

  public func matches(_ text: String) -> Bool {
    if parts.count == 1 { return text == pattern }
    var rest = Substring(text)
    guard rest.hasPrefix(parts[0]) else { return false }
    rest = rest.dropFirst(parts[0].count)
    let last = parts[parts.count - 1]
    for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
      guard let found = rest.range(of: middle) else { return false }
      rest = rest[found.upperBound...]
    }
    return rest.count >= last.count && rest.hasSuffix(last)
  }
}
