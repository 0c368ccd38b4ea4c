/// Picks the normalizer for a source from its `provider:`, with the source's own `fields:`
/// and `types:` applied over the provider's defaults.
public enum Normalizers {
  public static func make(for source: Source) -> any EventNormalizer {
    let base: any EventNormalizer
    var fields = FieldMapping(source.fields)
    switch source.provider {
    case .stripe: base = StripeNormalizer()
    case .paypal: base = PayPalNormalizer()
    case .square: base = SquareNormalizer(source: source)
    // One body carries many events there: a path into it names no single event's field
    // (the loader warns that `fields:` is not applied).
    case .quickbooks:
      base = QuickBooksNormalizer()
      fields = FieldMapping([:])
    case .xero:
      base = XeroNormalizer()
      fields = FieldMapping([:])
    default:
      // Its fields are what it reads: applied by the normalizer itself.
      base = MappedFieldsNormalizer(source: source)
      fields = FieldMapping([:])
    }
    if fields.isEmpty && source.types.isEmpty { return base }
    return SourceOverrides(base: base, fields: fields, types: source.types)
  }

  /// Whether `fields:` of a source with this provider reaches its events.
  static func appliesFields(_ provider: ProviderKind) -> Bool {
    provider != .quickbooks && provider != .xero
  }
}

/// A provider's normalizer with a source's `fields:` and `types:` laid over its result: a
/// mapped field replaces the provider's value, a `types:` entry beats the built-in table.
struct SourceOverrides: EventNormalizer {
  let base: any EventNormalizer
  let fields: FieldMapping
  let types: [String: String]

  var producesBatches: Bool { base.producesBatches }

  func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    base.normalize(request, payload: payload).map { events in
      events.map { original in
        var event = original
        if let type = types[event.providerType] { event.type = type }
        fields.apply(to: &event, request: request, payload: payload)
        return event
      }
    }
  }
}
