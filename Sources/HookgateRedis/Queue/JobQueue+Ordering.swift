import HookgateCore

/// A job's place in its `order_by` key's line.
public struct OrderSlot: Sendable, Equatable {
  public var key: String
  public var sequence: Int64

  public init(key: String, sequence: Int64) {
    self.key = key
    self.sequence = sequence
  }

  /// Nil for an unordered job.
  public init?(job: DeliveryJob) {
    guard let key = job.orderKey, let sequence = job.sequence else { return nil }
    self.init(key: key, sequence: sequence)
  }
}

/// `order_by` turns and the attempt log.
extension JobQueue {
  /// How long an idle key's ordering state is kept; refreshed on every step of the key, so
  /// only a key nothing happened to for this long loses it (its jobs then go unordered
  /// rather than waiting forever for a predecessor that was deleted by hand).
  public static let orderStateTTL: Duration = .seconds(30 * 86_400)

  /// Whether an ordered job read from the stream may be sent now. When it may not, the job
  /// has been moved out of the stream to wait for its predecessor, with `waiting` appended
  /// to its attempt log; the worker just drops it.
  public func takeTurn(
    handler: String, entryID: String, sharesEnvelopeOf: String? = nil, job: DeliveryJob,
    order: OrderSlot, waiting: AttemptRecord
  ) async throws(RedisError) -> Bool {
    let release = envelopeRelease(sharesEnvelopeOf)
    let reply = try await client.evaluate(
      QueueScripts.takeTurn,
      keys: [
        keys.jobs(handler: handler), keys.orderState(handler: handler, key: order.key),
        keys.parked(handler: handler, key: order.key), keys.attempts(eventID: job.eventID),
        release.key,
      ],
      arguments: [
        Array(Self.consumerGroup.utf8), Array(entryID.utf8), Array(String(order.sequence).utf8),
        job.encoded(), Array(String(Self.orderStateTTL.milliseconds).utf8), waiting.encoded(),
        Array(String(attemptLogTTL.milliseconds).utf8), release.flag,
      ]
    ).throwingOnError()
    return reply.integer == 1
  }

  /// The event's attempt log, oldest first, each record as the JSON text it was stored as.
  public func attempts(eventID: String) async throws -> [String] {
    let reply = try await client.send(["LRANGE", keys.attempts(eventID: eventID), "0", "-1"])
      .throwingOnError()
    return (reply.array ?? []).compactMap { $0.bytes.map { String(decoding: $0, as: UTF8.self) } }
  }

  /// The arguments the complete and bury scripts take after their own: the attempt log
  /// key and record, then the order state, parked set and sequence. Keys are only added
  /// when used, which is how the scripts know what to do.
  func appendLogAndOrder(
    _ record: AttemptRecord?, _ order: OrderSlot?, handler: String, keys scriptKeys: inout [String],
    arguments: inout [[UInt8]]
  ) {
    guard record != nil || order != nil else { return }
    scriptKeys.append(keys.attempts(eventID: record?.eventID ?? ""))
    arguments.append(record?.encoded() ?? [])
    arguments.append(Array(String(attemptLogTTL.milliseconds).utf8))
    guard let order else { return }
    scriptKeys.append(keys.orderState(handler: handler, key: order.key))
    scriptKeys.append(keys.parked(handler: handler, key: order.key))
    arguments.append(Array(String(order.sequence).utf8))
    arguments.append(Array(String(Self.orderStateTTL.milliseconds).utf8))
  }
}
