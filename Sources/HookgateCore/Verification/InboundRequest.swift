/// What a verifier and a normalizer see of one provider request: its headers and its raw body,
/// exactly as received (signatures are over these bytes, never over re-encoded JSON).
public struct InboundRequest: Sendable {
  public var headers: HeaderFields
  public var body: [UInt8]

  public init(headers: HeaderFields, body: [UInt8]) {
    self.headers = headers
    self.body = body
  }
}

/// Request headers with the case-insensitive lookup HTTP requires.
public struct HeaderFields: Sendable, ExpressibleByDictionaryLiteral {
  private var fields: [(name: String, value: String)]

  public init(_ fields: [(name: String, value: String)]) {
    self.fields = fields.map { (name: $0.name.lowercased(), value: $0.value) }
  }

  public init(dictionaryLiteral elements: (String, String)...) {
    self.init(elements.map { (name: $0.0, value: $0.1) })
  }

  /// The first value of the header, or nil.
  public subscript(name: String) -> String? {
    let wanted = name.lowercased()
    return fields.first(where: { $0.name == wanted })?.value
  }
}
