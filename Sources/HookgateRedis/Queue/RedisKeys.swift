import HookgateCore

/// Every Redis key hookgate writes, in one place, so the layout can be read without hunting
/// through the code.
///
/// A value names the keys of one partition (``PartitionLayout``): an event's keys, its
/// tenant's jobs and their ordering state carry the partition's hash tag, so the scripts
/// that touch several of them stay in one cluster slot. Per-handler flow state (pause,
/// breaker, rate) is shared by every partition: single-key commands, untagged.
public struct RedisKeys: Sendable, Equatable {
  public let prefix: String
  /// `hookgate:{p3}` in a tagged layout, else the bare prefix.
  private let partitionPrefix: String

  public init(prefix: String = "hookgate", hashTag: String? = nil) {
    self.prefix = prefix
    self.partitionPrefix = hashTag.map { "\(prefix):\($0)" } ?? prefix
  }

  /// The keys of each partition of `layout`, by partition number.
  public static func partitions(of layout: PartitionLayout, prefix: String = "hookgate")
    -> [RedisKeys]
  {
    layout.partitions.map { RedisKeys(prefix: prefix, hashTag: layout.hashTag(of: $0)) }
  }

  /// The partition count the data in this Redis was written with: every gateway and command
  /// must use the same, or jobs would wait in partitions nobody reads.
  public var layout: String { "\(prefix):layout" }

  /// Claimed by the first accept of an event; expires after the dedup window.
  public func dedup(eventID: String) -> String { "\(partitionPrefix):dedup:\(eventID)" }
  /// The handler's queue: a stream read through the ``JobQueue/consumerGroup``.
  public func jobs(handler: String) -> String { "\(partitionPrefix):jobs:\(handler)" }
  /// Jobs waiting for their next attempt, scored by due time in milliseconds.
  public func retries(handler: String) -> String { "\(partitionPrefix):retry:\(handler)" }
  /// Jobs that used every attempt, with their last error, until ops replay them.
  public func deadLetters(handler: String) -> String { "\(partitionPrefix):dead:\(handler)" }
  /// Present while the handler is paused (410 Gone, or `hookgate pause`): JSON
  /// `{"reason", "since"}`. Every instance stops delivering to it until it is deleted.
  public func paused(handler: String) -> String { "\(prefix):paused:\(handler)" }
  /// The last circuit-breaker transition an instance published: `state`, `since`, `failures`.
  public func breaker(handler: String) -> String { "\(prefix):breaker:\(handler)" }
  /// The handler's rate-limit state: the GCRA theoretical arrival time, in microseconds.
  public func rate(handler: String) -> String { "\(prefix):rate:\(handler)" }
  /// Accepted events no route matched: recorded, not delivered.
  public var unrouted: String { "\(partitionPrefix):unrouted" }
  /// One JSON record per delivery attempt of the event, oldest first, expiring.
  public func attempts(eventID: String) -> String { "\(partitionPrefix):attempts:\(eventID)" }
  /// An `order_by` key's sequences: `last` handed out, `done` up to which all finished.
  public func orderState(handler: String, key: String) -> String {
    "\(partitionPrefix):order:\(handler):\(key)"
  }
  /// An `order_by` key's jobs read before their turn, scored by sequence.
  public func parked(handler: String, key: String) -> String {
    "\(partitionPrefix):parked:\(handler):\(key)"
  }
  /// Every newly accepted event (id, tenant, source, type, handlers), newest last, capped:
  /// what the admin API lists and pages through.
  public var events: String { "\(partitionPrefix):events" }
  /// One accepted event for the admin API: a hash with `envelope` and `handlers` (the
  /// comma-separated handlers it was routed to), expiring with the dedup window.
  public func event(eventID: String) -> String { "\(partitionPrefix):event:\(eventID)" }
}
