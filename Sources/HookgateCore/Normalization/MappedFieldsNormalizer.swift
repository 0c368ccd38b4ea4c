/// Payloads whose shape routes.yaml describes: `event_id`, `event_type` and `fields` point
/// into the body (JSONPath) or at a header. Used for customers' own billing systems.
public struct MappedFieldsNormalizer: EventNormalizer {
  public let provider: ProviderKind
  public let eventID: ValueLocator
  /// Tried in order when `eventID` yields nothing: a provider's other header names.
  public let eventIDFallbacks: [ValueLocator]
  public let eventType: ValueLocator
  public let fields: [(name: String, locator: ValueLocator)]

  public init(source: Source) {
    provider = source.provider
    let defaultIDs = ProviderEventLocators.eventID(for: source.provider)
    eventID = source.eventID ?? defaultIDs[0]
    eventIDFallbacks = source.eventID == nil ? Array(defaultIDs.dropFirst()) : []
    eventType = source.eventType ?? ProviderEventLocators.eventType(for: source.provider)
    // Sorted so the envelope's data has the same field order on every run.
    fields = source.fields.sorted { $0.key < $1.key }.map { (name: $0.key, locator: $0.value) }
  }

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    let id = ([eventID] + eventIDFallbacks).lazy
      .compactMap { Self.text(at: $0, request: request, payload: payload) }
      .first { !$0.isEmpty }
    guard let id else { return .failure(.missingEventID(Self.describe(eventID))) }
    guard let providerType = Self.text(at: eventType, request: request, payload: payload),
      !providerType.isEmpty
    else {
      return .failure(.missingEventType(Self.describe(eventType)))
    }
    var data = DataBuilder()
    var occurredAt: String?
    for (name, locator) in fields {
      guard let value = Self.value(at: locator, request: request, payload: payload) else {
        continue
      }
      switch name {
      case "occurred_at": occurredAt = value.scalarText
      case "amount", "items.unit_price":
        data.set(name, value.scalarText.map(JSONValue.string))
      case "currency": data.set(name, value.scalarText.map { .string($0.uppercased()) })
      default: data.set(name, value)
      }
    }
    return .success([
      NormalizedEvent(
        providerEventID: id, providerType: providerType,
        type: EventTypeTable.normalizedType(provider: provider, providerType: providerType),
        occurredAt: occurredAt, data: data.value)
    ])
  }

  static func value(at locator: ValueLocator, request: InboundRequest, payload: JSONValue)
    -> JSONValue?
  {
    switch locator {
    case .jsonPath(let path): return path.value(in: payload)
    case .header(let name): return request.headers[name].map(JSONValue.string)
    }
  }

  static func text(at locator: ValueLocator, request: InboundRequest, payload: JSONValue) -> String?
  {
    value(at: locator, request: request, payload: payload)?.scalarText
  }

  static func describe(_ locator: ValueLocator) -> String {
    switch locator {
    case .jsonPath(let path): return path.description
    case .header(let name): return "header \(name)"
    }
  }
}
