/// What an HMAC scheme signs: literal text around the placeholders `{body}`, `{timestamp}`,
/// `{id}` and `{url}`, as in `signed_content: "{timestamp}.{body}"`.
///
/// Parsed once at config load, so a typo such as `{tmestamp}` is a config error with a
/// line and column, never a silent mismatch on every request.
public struct SignedContentTemplate: Sendable, Equatable, CustomStringConvertible {
  public enum Placeholder: String, Sendable, Equatable, CaseIterable {
    /// The raw request body, byte for byte.
    case body
    /// The timestamp header's value, as sent.
    case timestamp
    /// The event-id header's value, as sent.
    case id
    /// The source's configured URL (`notification_url:`).
    case url
  }

  public enum Part: Sendable, Equatable {
    case literal(String)
    case placeholder(Placeholder)
  }

  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public let description: String
  }

  public let parts: [Part]
  /// The template as written.
  public let description: String

  /// The body alone: what most providers sign.
  public static let body = SignedContentTemplate(parts: [.placeholder(.body)], text: "{body}")

  private init(parts: [Part], text: String) {
    self.parts = parts
    self.description = text
  }

  /// `{` always opens a placeholder: a template has no way to sign a literal brace, which no
  /// provider needs, and that keeps every typo an error.
  public init(parsing text: String) throws(ParseError) {
    var parts: [Part] = []
    var rest = Substring(text)
    while !rest.isEmpty {
      guard let open = rest.firstIndex(of: "{") else {
        parts.append(.literal(String(rest)))
        break
      }
      if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
      guard let close = rest[open...].firstIndex(of: "}") else {
        throw ParseError(description: "'{' without a closing '}'")
      }
      let name = String(rest[rest.index(after: open)..<close])
      guard let placeholder = Placeholder(rawValue: name) else {
        let known = Placeholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
        throw ParseError(description: "unknown placeholder '{\(name)}' (known: \(known))")
      }
      parts.append(.placeholder(placeholder))
      rest = rest[rest.index(after: close)...]
    }
    guard parts.contains(.placeholder(.body)) else {
      // A signature that does not cover the body would let anyone replay it over any body.
      throw ParseError(description: "must contain {body}")
    }
    self.init(parts: parts, text: text)
  }

  public func uses(_ placeholder: Placeholder) -> Bool {
    parts.contains(.placeholder(placeholder))
  }

  /// The bytes to sign. A placeholder without a value renders as nothing; the verifier has
  /// refused the request before that can matter.
  public func render(body: [UInt8], timestamp: String?, id: String?, url: String?) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(body.count + 128)
    for part in parts {
      switch part {
      case .literal(let text): output.append(contentsOf: text.utf8)
      case .placeholder(.body): output.append(contentsOf: body)
      case .placeholder(.timestamp): output.append(contentsOf: (timestamp ?? "").utf8)
      case .placeholder(.id): output.append(contentsOf: (id ?? "").utf8)
      case .placeholder(.url): output.append(contentsOf: (url ?? "").utf8)
      }
    }
    return output
  }
}
