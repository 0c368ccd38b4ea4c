/// The one shape every internal handler receives, whatever the provider (DESIGN.md).
public struct Envelope: Sendable {
  public var id: String
  public var tenant: String
  public var source: String
  public var provider: ProviderKind
  public var event: NormalizedEvent
  public var receivedAt: String
  /// The provider's body, spliced into `payload` byte for byte.
  public var payload: [UInt8]

  public init(
    tenant: String, source: String, provider: ProviderKind, event: NormalizedEvent,
    receivedAtMilliseconds: Int64, payload: [UInt8]
  ) {
    self.id = GatewayEventID.make(
      tenant: tenant, source: source, providerEventID: event.providerEventID)
    self.tenant = tenant
    self.source = source
    self.provider = provider
    self.event = event
    self.receivedAt = Timestamp.rfc3339(epochMilliseconds: receivedAtMilliseconds)
    self.payload = payload
  }

  public var type: String { event.type }

  /// The JSON handlers receive. Built once per event; every attempt sends these bytes.
  public func encoded() -> [UInt8] {
    var json = JSONWriter(reservingCapacity: payload.count + 512)
    json.raw("{\"id\":")
    json.string(id)
    json.raw(",\"type\":")
    json.string(event.type)
    json.raw(",\"tenant\":")
    json.string(tenant)
    json.raw(",\"source\":")
    json.string(source)
    json.raw(",\"provider\":")
    json.string(provider.rawValue)
    json.raw(",\"provider_event_id\":")
    json.string(event.providerEventID)
    json.raw(",\"provider_type\":")
    json.string(event.providerType)
    if let occurredAt = event.occurredAt {
      json.raw(",\"occurred_at\":")
      json.string(occurredAt)
    }
    json.raw(",\"received_at\":")
    json.string(receivedAt)
    json.raw(",\"data\":")
    json.value(event.data)
    json.raw(",\"payload\":")
    json.raw(payload)
    json.raw("}")
    return json.bytes
  }

  /// A field of the envelope by dotted name (`type`, `tenant`, `data.reference`), for
  /// routing conditions and `order_by`.
  public func field(_ dottedName: String) -> JSONValue? {
    switch dottedName {
    case "id": return .string(id)
    case "type": return .string(event.type)
    case "tenant": return .string(tenant)
    case "source": return .string(source)
    case "provider": return .string(provider.rawValue)
    case "provider_event_id": return .string(event.providerEventID)
    case "provider_type": return .string(event.providerType)
    case "occurred_at": return event.occurredAt.map(JSONValue.string)
    case "received_at": return .string(receivedAt)
    default:
      guard dottedName.hasPrefix("data.") else { return nil }
      // A numeric segment indexes a list: `data.items.0.sku`.
      var value: JSONValue? = event.data
      for key in dottedName.dropFirst(5).split(separator: ".") {
        if case .array? = value, let index = Int(key) {
          value = value?[index]
        } else {
          value = value?[String(key)]
        }
      }
      return value
    }
  }
}
