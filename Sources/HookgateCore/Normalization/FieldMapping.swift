/// A source's `fields:`: normalized field name → where in the request its value is, applied
/// over whatever the provider's normalizer found (a mapped field wins).
///
/// Values are coerced to the envelope's contract: `amount` and `items.unit_price` to decimal
/// strings in major units (a Square-style money object `{amount, currency}` from minor units),
/// `currency` upper-cased, `occurred_at` to RFC 3339 UTC, `items.quantity` to a JSON number;
/// numbers go digit by digit, never through floating point. A value that cannot be coerced
/// is left out rather than guessed at.
///
/// `items.NAME` fields are per item: a path through a wildcard (`$.products[*].price`) gives
/// item *i* the value found under the *i*-th element, a path without one gives every item the
/// same value. They add to the items `items:` maps, or make the items when it maps none.
public struct FieldMapping: Sendable {
  public let fields: [(name: String, locator: ValueLocator)]

  public init(_ fields: [String: ValueLocator]) {
    // Sorted so the envelope's data has the same member order on every run; `items` sorts
    // before `items.NAME`, so the per-item fields find the array they add to.
    self.fields = fields.sorted { $0.key < $1.key }.map { (name: $0.key, locator: $0.value) }
  }

  public var isEmpty: Bool { fields.isEmpty }

  /// `event` with the mapped fields set in its `data` (and `occurredAt`).
  public func apply(to event: inout NormalizedEvent, request: InboundRequest, payload: JSONValue) {
    var data = DataBuilder(event.data)
    for (name, locator) in fields {
      if name.hasPrefix("items.") {
        let member = String(name.dropFirst("items.".count))
        let values = Self.perItem(locator, request: request, payload: payload)
        data.setItems(member, values.map { $0.flatMap { Self.coerced(name, $0) } })
        continue
      }
      guard let value = Self.value(at: locator, request: request, payload: payload) else {
        continue
      }
      if name == "occurred_at" {
        if let instant = Self.instant(value) { event.occurredAt = instant }
        continue
      }
      if name == "amount", let money = Self.money(value) {
        data.set("amount", .string(money.amount))
        if data.value["currency"] == nil { data.set("currency", .string(money.currency)) }
        continue
      }
      data.set(name, Self.coerced(name, value))
    }
    event.data = data.value
  }

  static func value(at locator: ValueLocator, request: InboundRequest, payload: JSONValue)
    -> JSONValue?
  {
    switch locator {
    case .jsonPath(let path): return path.value(in: payload)
    case .header(let name): return request.headers[name].map(JSONValue.string)
    }
  }

  /// The values of an `items.NAME` field: one per element under the path's first wildcard
  /// (nil where that element lacks it), or a single value for every item.
  static func perItem(_ locator: ValueLocator, request: InboundRequest, payload: JSONValue)
    -> PerItem
  {
    guard case .jsonPath(let path) = locator,
      let star = path.steps.firstIndex(of: .wildcard)
    else { return .same(value(at: locator, request: request, payload: payload)) }
    let container = JSONPath(steps: Array(path.steps[..<star]), description: "").value(in: payload)
    let rest = JSONPath(steps: Array(path.steps[(star + 1)...]), description: "")
    let elements: [JSONValue]
    switch container {
    case .array(let items)?: elements = items
    case .object(let members)?: elements = members.map(\.value)
    default: elements = []
    }
    return .each(elements.map { rest.steps.isEmpty ? $0 : rest.value(in: $0) })
  }

  enum PerItem {
    case each([JSONValue?])
    case same(JSONValue?)

    func map(_ transform: (JSONValue?) -> JSONValue?) -> PerItem {
      switch self {
      case .each(let values): return .each(values.map(transform))
      case .same(let value): return .same(transform(value))
      }
    }
  }

  /// The value as the contract wants field `name`, or nil when it cannot be.
  static func coerced(_ name: String, _ value: JSONValue) -> JSONValue? {
    switch name {
    case "amount", "items.unit_price":
      if let money = money(value) { return .string(money.amount) }
      return decimalText(value).map(JSONValue.string)
    case "items.quantity":
      return decimalText(value).map(JSONValue.number)
    case "currency":
      return value.stringValue.map { .string($0.uppercased()) }
    default:
      return value.isNull ? nil : value
    }
  }

  /// A number or numeric string as plain decimal text: kept as written when it already is
  /// one (`150.10`, `12345678901234567890.10`), rewritten without its exponent when not
  /// (`1.5E2` → `150`).
  static func decimalText(_ value: JSONValue) -> String? {
    guard let raw = value.isNumber ? value.scalarText : value.stringValue else { return nil }
    var text = raw.trimmingSpaces()
    if text.hasPrefix("+") { text.removeFirst() }
    guard let number = DecimalNumber(text) else { return nil }
    let plain = text.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D }
    return plain && !text.hasPrefix(".") && !text.hasSuffix(".") ? text : number.description
  }

  /// A money object in minor units, `{"amount": 15000, "currency": "RON"}` (Square's Money),
  /// as a decimal string in major units and the upper-cased currency.
  static func money(_ value: JSONValue) -> (amount: String, currency: String)? {
    guard case .object = value, case .number(let minor)? = value["amount"],
      let currency = value["currency"]?.stringValue, !currency.isEmpty,
      let amount = MinorUnits.decimalString(minorUnits: minor, currency: currency)
    else { return nil }
    return (amount, currency.uppercased())
  }

  /// An RFC 3339 / ISO 8601 date-time (any offset), or whole unix seconds, in RFC 3339 UTC.
  static func instant(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): return Timestamp.normalized(iso8601: text.trimmingSpaces())
    case .number(let literal):
      guard let seconds = Int64(literal), Timestamp.representableSeconds.contains(seconds)
      else { return nil }
      return Timestamp.rfc3339(epochSeconds: seconds)
    default: return nil
    }
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}
