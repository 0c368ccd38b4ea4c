/// Every Redis key hookgate writes, in one place, so the layout can be read (and changed,
/// e.g. for Redis Cluster hash tags) without hunting through the code.
public struct RedisKeys: Sendable {
  public let prefix: String

  public init(prefix: String = "hookgate") {
    self.prefix = prefix
  }

  /// Claimed by the first accept of an event; expires after the dedup window.
  public func dedup(eventID: String) -> String { "\(prefix):dedup:\(eventID)" }
  /// The handler's queue: a stream read through the ``JobQueue/consumerGroup``.
  public func jobs(handler: String) -> String { "\(prefix):jobs:\(handler)" }
  /// Jobs waiting for their next attempt, scored by due time in milliseconds.
  public func retries(handler: String) -> String { "\(prefix):retry:\(handler)" }
  /// Jobs that used every attempt, with their last error, until ops replay them.
  public func deadLetters(handler: String) -> String { "\(prefix):dead:\(handler)" }
  /// Present while the handler is paused (410 Gone, or `hookgate pause`): JSON
  /// `{"reason", "since"}`. Every instance stops delivering to it until it is deleted.
  public func paused(handler: String) -> String { "\(prefix):paused:\(handler)" }
  /// The last circuit-breaker transition an instance published: `state`, `since`, `failures`.
  public func breaker(handler: String) -> String { "\(prefix):breaker:\(handler)" }
  /// The handler's rate-limit state: the GCRA theoretical arrival time, in microseconds.
  public func rate(handler: String) -> String { "\(prefix):rate:\(handler)" }
  /// Accepted events no route matched: recorded, not delivered.
  public var unrouted: String { "\(prefix):unrouted" }
  /// One JSON record per delivery attempt of the event, oldest first, expiring.
  public func attempts(eventID: String) -> String { "\(prefix):attempts:\(eventID)" }
  /// An `order_by` key's sequences: `last` handed out, `done` up to which all finished.
  public func orderState(handler: String, key: String) -> String {
    "\(prefix):order:\(handler):\(key)"
  }
  /// An `order_by` key's jobs read before their turn, scored by sequence.
  public func parked(handler: String, key: String) -> String {
    "\(prefix):parked:\(handler):\(key)"
  }
  /// Every newly accepted event (id, tenant, source, type, handlers), newest last, capped:
  /// what the admin API lists and pages through.
  public var events: String { "\(prefix):events" }
  /// One accepted event for the admin API: a hash with `envelope` and `handlers` (the
  /// comma-separated handlers it was routed to), expiring with the dedup window.
  public func event(eventID: String) -> String { "\(prefix):event:\(eventID)" }
}
