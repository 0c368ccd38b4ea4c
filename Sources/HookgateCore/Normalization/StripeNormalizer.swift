/// Stripe events: `{"id": "evt_…", "type": "charge.succeeded", "created": 1700000000,
/// "data": {"object": {…}}}`. Amounts are integers in the currency's minor units.
public struct StripeNormalizer: EventNormalizer {
  public init() {}

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    guard let id = payload["id"]?.stringValue, !id.isEmpty else {
      return .failure(.missingEventID("$.id"))
    }
    guard let providerType = payload["type"]?.stringValue, !providerType.isEmpty else {
      return .failure(.missingEventType("$.type"))
    }
    let object = payload["data"]?["object"] ?? .object([])
    var occurredAt: String?
    if case .number(let created)? = payload["created"], let seconds = Int64(created),
      Timestamp.representableSeconds.contains(seconds)
    {
      occurredAt = Timestamp.rfc3339(epochSeconds: seconds)
    }
    return .success([
      NormalizedEvent(
        providerEventID: id, providerType: providerType,
        type: EventTypeTable.normalizedType(provider: .stripe, providerType: providerType),
        occurredAt: occurredAt, data: Self.data(of: object, providerType: providerType))
    ])
  }

  static func data(of object: JSONValue, providerType: String) -> JSONValue {
    var data = DataBuilder()
    let currency = object["currency"]?.stringValue?.uppercased()
    if let currency, let minor = amountLiteral(of: object, providerType: providerType) {
      data.set(
        "amount",
        MinorUnits.decimalString(minorUnits: minor, currency: currency).map(JSONValue.string))
    }
    data.set("currency", currency.map(JSONValue.string))

    let billing = object["billing_details"]
    let customer = object["customer"]
    data.set("customer.id", customer?.stringValue.map(JSONValue.string) ?? customer?["id"])
    data.set(
      "customer.email",
      DataBuilder.firstString(
        billing?["email"], object["receipt_email"], object["customer_email"], customer?["email"]))
    data.set(
      "customer.phone",
      DataBuilder.firstString(billing?["phone"], object["customer_phone"], customer?["phone"])
    )
    data.set(
      "customer.name",
      DataBuilder.firstString(billing?["name"], object["customer_name"], customer?["name"]))

    let isInvoice = object["object"]?.stringValue == "invoice"
    data.set(
      "reference",
      DataBuilder.firstString(
        object["metadata"]?["reference"], isInvoice ? object["number"] : nil,
        object["invoice"], object["invoice"]?["id"], object["id"]))

    if isInvoice, case .array(let lines)? = object["lines"]?["data"], let currency {
      data.set("items", .array(lines.map { item(of: $0, currency: currency) }))
    }
    return data.value
  }

  /// The amount that matters for this event: what was refunded for a refund, what was
  /// received or paid where Stripe distinguishes it from what was asked.
  private static func amountLiteral(of object: JSONValue, providerType: String) -> String? {
    let candidates: [String]
    switch object["object"]?.stringValue {
    case "charge":
      candidates = providerType == "charge.refunded" ? ["amount_refunded", "amount"] : ["amount"]
    case "payment_intent": candidates = ["amount_received", "amount"]
    case "invoice": candidates = ["amount_paid", "amount_due", "total"]
    default: candidates = ["amount"]
    }
    for key in candidates {
      if case .number(let literal)? = object[key], literal != "0" || key == candidates.last {
        return literal
      }
    }
    return nil
  }

  private static func item(of line: JSONValue, currency: String) -> JSONValue {
    var item = DataBuilder()
    item.set("name", line["description"])
    item.set("sku", line["price"]?["id"] ?? line["price"]?["product"])
    item.set("quantity", line["quantity"])
    if case .number(let unit)? = line["price"]?["unit_amount"] {
      item.set(
        "unit_price",
        MinorUnits.decimalString(minorUnits: unit, currency: currency).map(JSONValue.string))
    }
    return item.value
  }
}
