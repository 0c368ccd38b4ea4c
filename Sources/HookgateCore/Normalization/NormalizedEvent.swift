/// One provider event in hookgate's vocabulary, before it becomes an ``Envelope``.
public struct NormalizedEvent: Sendable, Equatable {
  public var providerEventID: String
  public var providerType: String
  public var type: String
  /// RFC 3339 UTC, when the provider says the event happened.
  public var occurredAt: String?
  /// The normalized fields (`amount`, `currency`, `customer`, `reference`, `items`), only
  /// those the payload has.
  public var data: JSONValue

  public init(
    providerEventID: String, providerType: String, type: String, occurredAt: String? = nil,
    data: JSONValue = .object([])
  ) {
    self.providerEventID = providerEventID
    self.providerType = providerType
    self.type = type
    self.occurredAt = occurredAt
    self.data = data
  }
}

/// Why a body could not become an event: the sender's mistake, answered with 400.
public enum NormalizationFailure: Error, Sendable, Equatable {
  case notJSON(String)
  case missingEventID(String)
  case missingEventType(String)

  public var reason: String {
    switch self {
    case .notJSON: return "invalid_json"
    case .missingEventID: return "missing_event_id"
    case .missingEventType: return "missing_event_type"
    }
  }

  public var message: String {
    switch self {
    case .notJSON(let detail): return "the body is not valid JSON (\(detail))"
    case .missingEventID(let location): return "no event id at \(location)"
    case .missingEventType(let location): return "no event type at \(location)"
    }
  }
}

/// Turns a verified request into events. A body may carry several (batched providers).
public protocol EventNormalizer: Sendable {
  /// Whether a body carries a list of events. Such sources are answered with the batch shape
  /// `{"received":true,"events":[…]}` even when the list has one event, so a provider's parser
  /// sees one shape.
  var producesBatches: Bool { get }

  func normalize(_ request: InboundRequest, payload: JSONValue) -> Result<
    [NormalizedEvent], NormalizationFailure
  >
}

extension EventNormalizer {
  public var producesBatches: Bool { false }
}
