/// Square webhooks: `{"merchant_id":"…","type":"payment.updated","event_id":"…","created_at":
/// "2026-11-20T10:00:00.123Z","data":{"type":"payment","id":"…","object":{"payment":{…}}}}`.
///
/// The event id and type are read as for any mapped source (`event_id`, `type`, or the
/// source's `event_id:`/`event_type:`); the data comes from the object `data.type` names.
/// Square's Money is `{"amount": 15000, "currency": "RON"}` in the currency's minor units,
/// converted by text like Stripe's amounts.
public struct SquareNormalizer: EventNormalizer {
  let identity: MappedFieldsNormalizer

  public init(source: Source) {
    var bare = source
    // The source's fields are laid over Square's defaults by ``SourceOverrides``.
    bare.fields = [:]
    identity = MappedFieldsNormalizer(source: bare)
  }

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    identity.normalize(request, payload: payload).map { events in
      events.map { original in
        var event = original
        event.occurredAt = payload["created_at"]?.stringValue.flatMap(
          Timestamp.normalized(iso8601:))
        event.data = Self.data(of: payload["data"] ?? .object([]))
        return event
      }
    }
  }

  static func data(of envelope: JSONValue) -> JSONValue {
    let container = envelope["object"]
    var object = envelope["type"]?.stringValue.flatMap { container?[$0] }
    if object == nil, case .object(let members)? = container { object = members.first?.value }
    guard let object else { return .object([]) }

    var data = DataBuilder()
    let money = [
      object["total_money"], object["amount_money"],
      object["payment_requests"]?[0]?["computed_amount_money"],
    ].lazy.compactMap { $0.flatMap(FieldMapping.money) }.first
    data.set("amount", money.map { .string($0.amount) })
    data.set("currency", money.map { .string($0.currency) })

    let recipient = object["primary_recipient"]
    data.set(
      "customer.id", DataBuilder.firstString(object["customer_id"], recipient?["customer_id"]))
    data.set(
      "customer.email",
      DataBuilder.firstString(object["buyer_email_address"], recipient?["email_address"]))
    data.set("customer.phone", DataBuilder.firstString(recipient?["phone_number"]))
    let name = [recipient?["given_name"], recipient?["family_name"]]
      .compactMap { $0?.stringValue }.filter { !$0.isEmpty }
    data.set("customer.name", name.isEmpty ? nil : .string(name.joined(separator: " ")))
    data.set(
      "reference",
      DataBuilder.firstString(
        object["reference_id"], object["invoice_number"], object["order_id"], object["id"],
        envelope["id"]))
    return data.value
  }
}
