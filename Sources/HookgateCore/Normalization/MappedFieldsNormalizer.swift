/// Payloads whose shape routes.yaml describes: `event_id`, `event_type` and `fields` point
/// into the body (JSONPath) or at a header. Used for customers' own billing systems.
public struct MappedFieldsNormalizer: EventNormalizer {
  public let provider: ProviderKind
  public let eventID: ValueLocator
  /// Tried in order when `eventID` yields nothing: a provider's other header names.
  public let eventIDFallbacks: [ValueLocator]
  public let eventType: ValueLocator
  public let fields: FieldMapping

  public init(source: Source) {
    provider = source.provider
    let defaultIDs = ProviderEventLocators.eventID(for: source.provider)
    eventID = source.eventID ?? defaultIDs[0]
    eventIDFallbacks = source.eventID == nil ? Array(defaultIDs.dropFirst()) : []
    eventType = source.eventType ?? ProviderEventLocators.eventType(for: source.provider)
    fields = FieldMapping(source.fields)
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
    var event = NormalizedEvent(
      providerEventID: id, providerType: providerType,
      type: EventTypeTable.normalizedType(provider: provider, providerType: providerType))
    fields.apply(to: &event, request: request, payload: payload)
    return .success([event])
  }

  static func value(at locator: ValueLocator, request: InboundRequest, payload: JSONValue)
    -> JSONValue?
  {
    FieldMapping.value(at: locator, request: request, payload: payload)
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
