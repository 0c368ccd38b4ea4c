/// Builds the envelope's `data` object from dotted field names (`customer.phone`), keeping
/// the order fields were set in and leaving out fields the payload lacks.
struct DataBuilder {
  private var members: [(key: String, value: JSONValue)] = []

  var value: JSONValue { .object(members) }

  mutating func set(_ dottedPath: String, _ value: JSONValue?) {
    guard let value, !value.isNull else { return }
    let path = dottedPath.split(separator: ".").map(String.init)
    guard !path.isEmpty else { return }
    Self.set(path[...], value, in: &members)
  }

  private static func set(
    _ path: ArraySlice<String>, _ value: JSONValue,
    in members: inout [(key: String, value: JSONValue)]
  ) {
    let key = path[path.startIndex]
    let position = members.firstIndex(where: { $0.key == key })
    if path.count == 1 {
      if let position { members[position].value = value } else { members.append((key, value)) }
      return
    }
    var child: [(key: String, value: JSONValue)] = []
    if let position, case .object(let existing) = members[position].value { child = existing }
    set(path.dropFirst(), value, in: &child)
    if let position {
      members[position].value = .object(child)
    } else {
      members.append((key, .object(child)))
    }
  }
}

extension DataBuilder {
  /// The first candidate that is a non-empty string: providers put the same field (a
  /// customer's email, a reference) in different places depending on the object.
  static func firstString(_ candidates: JSONValue?...) -> JSONValue? {
    for candidate in candidates {
      if let text = candidate?.stringValue, !text.isEmpty { return .string(text) }
    }
    return nil
  }
}
