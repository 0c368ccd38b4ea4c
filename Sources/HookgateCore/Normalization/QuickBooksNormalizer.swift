/// QuickBooks Online data-change notifications: one envelope per changed entity.
///
/// Two body formats, told apart by their top level:
/// - the classic object, `{"eventNotifications":[{"realmId":"…","dataChangeEvent":
///   {"entities":[{"name":"Invoice","id":"130","operation":"Create","lastUpdated":"…"}]}}]}`.
///   It carries no event id, so the provider event id is the composite
///   `{realmId}:{name}:{id}:{operation}:{lastUpdated}` (`lastUpdated` as sent): a re-sent
///   notification of the same change dedupes, a later change of the same entity does not.
///   The provider type is `{name}.{operation}` as sent (`Invoice.Create`).
/// - the CloudEvents array Intuit moved to in 2026, `[{"id":"…","type":
///   "qbo.invoice.created.v1","time":"…","intuitentityid":"130","intuitaccountid":"…"}]`.
///   Each element has its own `id`, which is the provider event id; `type` is the provider
///   type.
///
/// `data.reference` is the entity id. The body is refused (400) when any entity lacks a part
/// of its id or type, so a batch is accepted whole or not at all; an unparseable date only
/// leaves `occurred_at` out, since the dedup id does not depend on reading it.
public struct QuickBooksNormalizer: EventNormalizer {
  public var producesBatches: Bool { true }

  public init() {}

  public func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    if case .array(let cloudEvents) = payload { return Self.cloudEvents(cloudEvents) }
    guard case .array(let notifications)? = payload["eventNotifications"] else {
      return .failure(.missingEventID("$.eventNotifications"))
    }
    var events: [NormalizedEvent] = []
    for (n, notification) in notifications.enumerated() {
      let at = "$.eventNotifications[\(n)]"
      guard let realm = BatchField.text(notification["realmId"]) else {
        return .failure(.missingEventID("\(at).realmId"))
      }
      guard case .array(let entities)? = notification["dataChangeEvent"]?["entities"] else {
        return .failure(.missingEventID("\(at).dataChangeEvent.entities"))
      }
      for (e, entity) in entities.enumerated() {
        let at = "\(at).dataChangeEvent.entities[\(e)]"
        guard let name = BatchField.text(entity["name"]) else {
          return .failure(.missingEventType("\(at).name"))
        }
        guard let operation = BatchField.text(entity["operation"]) else {
          return .failure(.missingEventType("\(at).operation"))
        }
        guard let id = BatchField.text(entity["id"]) else {
          return .failure(.missingEventID("\(at).id"))
        }
        guard let lastUpdated = BatchField.text(entity["lastUpdated"]) else {
          return .failure(.missingEventID("\(at).lastUpdated"))
        }
        let providerType = "\(name).\(operation)"
        events.append(
          NormalizedEvent(
            providerEventID: [realm, name, id, operation, lastUpdated].joined(separator: ":"),
            providerType: providerType,
            type: EventTypeTable.normalizedType(provider: .quickbooks, providerType: providerType),
            occurredAt: Timestamp.normalized(iso8601: lastUpdated),
            data: .object([("reference", .string(id))])))
      }
    }
    return .success(events)
  }

  private static func cloudEvents(_ elements: [JSONValue]) -> Result<
    [NormalizedEvent], NormalizationFailure
  > {
    var events: [NormalizedEvent] = []
    for (index, element) in elements.enumerated() {
      guard let id = BatchField.text(element["id"]) else {
        return .failure(.missingEventID("$[\(index)].id"))
      }
      guard let providerType = BatchField.text(element["type"]) else {
        return .failure(.missingEventType("$[\(index)].type"))
      }
      var data = DataBuilder()
      data.set("reference", BatchField.text(element["intuitentityid"]).map(JSONValue.string))
      events.append(
        NormalizedEvent(
          providerEventID: id, providerType: providerType,
          type: EventTypeTable.normalizedType(provider: .quickbooks, providerType: providerType),
          occurredAt: BatchField.text(element["time"]).flatMap(Timestamp.normalized(iso8601:)),
          data: data.value))
    }
    return .success(events)
  }
}

/// Reading the members batched providers identify events by.
enum BatchField {
  /// A non-empty string or number as text. Ids may come as numbers from hand-written
  /// senders; objects, arrays and booleans are not ids.
  static func text(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let text)?, .number(let text)?: return text.isEmpty ? nil : text
    default: return nil
    }
  }
}
