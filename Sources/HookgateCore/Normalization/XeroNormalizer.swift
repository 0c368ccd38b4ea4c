/// Xero webhooks: `{"events":[{"resourceUrl":"…","resourceId":"…","eventDateUtc":
/// "2026-11-20T10:00:00.000","eventType":"CREATE","eventCategory":"INVOICE","tenantId":"…",
/// "tenantType":"ORGANISATION"}],"firstEventSequence":1,"lastEventSequence":1,"entropy":"…"}`,
/// one envelope per element of `events`.
///
/// Xero sends no event id, so the provider event id is the composite
/// `{tenantId}:{resourceId}:{eventCategory}:{eventType}:{eventDateUtc}` (the date as sent).
/// The provider type is `{eventCategory}.{eventType}` (`INVOICE.CREATE`); `data.reference` is
/// the resource id. `eventDateUtc` has no zone and is read as UTC.
///
/// An empty `events` list is Xero's intent-to-receive check: it normalizes to no events, which
/// the ingress answers with 200 without touching Redis.
public struct XeroNormalizer: EventNormalizer {
  public var producesBatches: Bool { true }

  public init() {}

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    guard case .array(let elements)? = payload["events"] else {
      return .failure(.missingEventID("$.events"))
    }
    var events: [NormalizedEvent] = []
    for (index, element) in elements.enumerated() {
      let at = "$.events[\(index)]"
      guard let category = BatchField.text(element["eventCategory"]) else {
        return .failure(.missingEventType("\(at).eventCategory"))
      }
      guard let operation = BatchField.text(element["eventType"]) else {
        return .failure(.missingEventType("\(at).eventType"))
      }
      var idParts: [String] = []
      for member in ["tenantId", "resourceId", "eventCategory", "eventType", "eventDateUtc"] {
        guard let part = BatchField.text(element[member]) else {
          return .failure(.missingEventID("\(at).\(member)"))
        }
        idParts.append(part)
      }
      let providerType = "\(category).\(operation)"
      events.append(
        NormalizedEvent(
          providerEventID: idParts.joined(separator: ":"), providerType: providerType,
          type: EventTypeTable.normalizedType(provider: .xero, providerType: providerType),
          occurredAt: Timestamp.normalized(iso8601: idParts[4]),
          data: .object([("reference", .string(idParts[1]))])))
    }
    return .success(events)
  }
}
