/// Where one event stands with one handler, read from its attempt log (the
/// `hookgate:attempts:<id>` contract): the outcome of the handler's latest attempt decides.
public enum DeliveryState: String, Sendable, Equatable, CaseIterable {
  /// No attempt yet, or held back (`paused`, `waiting` for an earlier event of its key).
  case pending
  /// The latest attempt failed and another is scheduled.
  case retrying
  case delivered
  /// Every attempt was used; the job is a dead letter.
  case dead

  public init(latestOutcome outcome: String?) {
    switch outcome {
    case "delivered": self = .delivered
    case "retry": self = .retrying
    case "dead": self = .dead
    default: self = .pending
    }
  }
}

/// One event's status as a whole, what `GET /admin/events?status=` filters on: the least
/// finished of its handlers' states (dead, then retrying, then pending), `delivered` only
/// when every handler has it, `unrouted` when no handler was chosen.
public enum EventStatus: String, Sendable, Equatable, CaseIterable {
  case delivered, pending, retrying, dead, unrouted

  public init(_ states: [DeliveryState]) {
    if states.isEmpty {
      self = .unrouted
    } else if states.contains(.dead) {
      self = .dead
    } else if states.contains(.retrying) {
      self = .retrying
    } else if states.contains(.pending) {
      self = .pending
    } else {
      self = .delivered
    }
  }
}

/// One stored ``AttemptRecord``, read back just enough to group and judge it; `json` is the line
/// as stored, shown to ops unchanged.
public struct LoggedAttempt: Sendable, Equatable {
  public var handler: String
  public var outcome: String?
  public var error: String?
  public var json: JSONValue

  public init?(_ bytes: [UInt8]) {
    guard let json = try? JSONParser.parse(bytes), let handler = json["handler"]?.stringValue
    else { return nil }
    self.handler = handler
    self.outcome = json["outcome"]?.stringValue
    self.error = json["error"]?.stringValue
    self.json = json
  }
}

/// An event's deliveries to one handler.
public struct HandlerDeliveries: Sendable, Equatable {
  public var handler: String
  public var state: DeliveryState
  public var attempts: [LoggedAttempt]

  /// One entry per routed handler, in routing order; attempts for other handlers (a replay
  /// to a handler since removed from the route) are kept after them.
  public static func group(handlers: [String], attempts: [LoggedAttempt]) -> [HandlerDeliveries] {
    var names = handlers
    for attempt in attempts where !names.contains(attempt.handler) { names.append(attempt.handler) }
    return names.map { name in
      let own = attempts.filter { $0.handler == name }
      return HandlerDeliveries(
        handler: name, state: DeliveryState(latestOutcome: own.last?.outcome), attempts: own)
    }
  }
}
