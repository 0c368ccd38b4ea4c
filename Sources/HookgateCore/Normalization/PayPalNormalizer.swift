/// PayPal webhook events: `{"id": "WH-…", "event_type": "PAYMENT.CAPTURE.COMPLETED",
/// "create_time": "…", "resource": {…}}`. Amounts are decimal strings in major units
/// (`"150.00"`), passed through as text, never through floating point.
public struct PayPalNormalizer: EventNormalizer {
  public init() {}

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    guard let id = payload["id"]?.stringValue, !id.isEmpty else {
      return .failure(.missingEventID("$.id"))
    }
    guard let providerType = payload["event_type"]?.stringValue, !providerType.isEmpty else {
      return .failure(.missingEventType("$.event_type"))
    }
    let occurredAt = payload["create_time"]?.stringValue
      .flatMap { PayPalVerifier.date(iso8601: $0) }
      .map { Timestamp.rfc3339(epochSeconds: Int64($0.timeIntervalSince1970.rounded(.down))) }
    return .success([
      NormalizedEvent(
        providerEventID: id, providerType: providerType,
        type: EventTypeTable.normalizedType(provider: .paypal, providerType: providerType),
        occurredAt: occurredAt, data: Self.data(of: payload["resource"] ?? .object([])))
    ])
  }

  static func data(of resource: JSONValue) -> JSONValue {
    var data = DataBuilder()
    // v2 (captures, orders): amount.value + currency_code; v1 (sales): amount.total + currency.
    let amount = resource["amount"]
    let value = (amount?["value"] ?? amount?["total"])?.scalarText
    let currency = (amount?["currency_code"] ?? amount?["currency"])?.stringValue?.uppercased()
    if let value, isDecimal(value) { data.set("amount", .string(value)) }
    data.set("currency", currency.map(JSONValue.string))

    // v2 orders: payer {payer_id, email_address, name {given_name, surname}, phone};
    // v1 payments: payer.payer_info {payer_id, email, first_name, last_name, phone}.
    let payer = resource["payer"]
    let info = payer?["payer_info"] ?? resource["payer_info"]
    data.set("customer.id", DataBuilder.firstString(payer?["payer_id"], info?["payer_id"]))
    data.set("customer.email", DataBuilder.firstString(payer?["email_address"], info?["email"]))
    data.set(
      "customer.phone",
      DataBuilder.firstString(payer?["phone"]?["phone_number"]?["national_number"], info?["phone"]))
    data.set(
      "customer.name",
      fullName(payer?["name"]?["given_name"], payer?["name"]?["surname"])
        ?? fullName(info?["first_name"], info?["last_name"]))

    data.set(
      "reference",
      DataBuilder.firstString(resource["invoice_id"], resource["custom_id"], resource["id"]))
    return data.value
  }

  /// `150`, `150.00`, `-1.5`: what PayPal writes; anything else is left out, not guessed at.
  static func isDecimal(_ text: String) -> Bool {
    var rest = Substring(text)
    if rest.first == "-" { rest = rest.dropFirst() }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count) else { return false }
    return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
  }

  private static func fullName(_ given: JSONValue?, _ family: JSONValue?) -> JSONValue? {
    let parts = [given?.stringValue, family?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : .string(parts.joined(separator: " "))
  }
}
