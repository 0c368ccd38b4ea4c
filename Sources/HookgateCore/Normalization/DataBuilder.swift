/// Builds the envelope's `data` object from dotted field names (`customer.phone`), keeping
/// the order fields were set in and leaving out fields the payload lacks.
struct DataBuilder {
  private var members: [(key: String, value: JSONValue)] = []

  init() {}

  /// Continues from the members of `data` (a provider normalizer's result).
  init(_ data: JSONValue) {
    if case .object(let existing) = data { members = existing }
  }

  var value: JSONValue { .object(members) }

  mutating func set(_ dottedPath: String, _ value: JSONValue?) {
    guard let value, !value.isNull else { return }
    // Substrings: the path's names are compared, and copied only into a new member's key.
    let path = dottedPath.split(separator: ".")
    guard !path.isEmpty else { return }
    Self.set(path[...], value, in: &members)
  }

  private static func set(
    _ path: ArraySlice<Substring>, _ value: JSONValue,
    in members: inout [(key: String, value: JSONValue)]
  ) {
    let key = path[path.startIndex]
    let position = members.firstIndex(where: { $0.key == key })
    if path.count == 1 {
      if let position {
        members[position].value = value
      } else {
        members.append((String(key), value))
      }
      return
    }
    guard let position else {
      var child: [(key: String, value: JSONValue)] = []
      set(path.dropFirst(), value, in: &child)
      members.append((String(key), .object(child)))
      return
    }
    // A list or a value is in the way: it is never replaced by an object around the new
    // member (that was how `items.unit_price` once turned `items` into an object).
    guard case .object(var child) = members[position].value else { return }
    // Taken out while it changes, so the member list is not copied for one more member.
    members[position].value = .null
    set(path.dropFirst(), value, in: &child)
    members[position].value = .object(child)
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

extension DataBuilder {
  /// Sets `member` in each element of `items`: value *i* in item *i* for `.each` (making the
  /// items when there are none yet), the one value in every item for `.same`. Elements that
  /// are not objects are left alone; a nil value sets nothing.
  mutating func setItems(_ member: String, _ values: FieldMapping.PerItem) {
    var items: [JSONValue]
    switch value["items"] {
    case .array(let existing)?: items = existing
    case nil: items = []
    default: return
    }
    switch values {
    case .each(let each):
      if items.isEmpty {
        guard each.contains(where: { $0 != nil }) else { return }
        items = each.map { _ in .object([]) }
      }
      for (index, value) in each.enumerated() where index < items.count {
        items[index] = Self.setting(member, value, in: items[index])
      }
    case .same(let value):
      guard let value else { return }
      if items.isEmpty { items = [.object([])] }
      items = items.map { Self.setting(member, value, in: $0) }
    }
    set("items", .array(items))
  }

  private static func setting(_ member: String, _ value: JSONValue?, in item: JSONValue)
    -> JSONValue
  {
    guard let value, case .object = item else { return item }
    var builder = DataBuilder(item)
    builder.set(member, value)
    return builder.value
  }
}
