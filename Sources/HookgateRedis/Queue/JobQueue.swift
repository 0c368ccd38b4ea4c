import HookgateCore

/// The delivery side of the queue: per handler, a stream read through a consumer group, a
/// sorted set of jobs waiting for their retry, and a dead-letter stream.
public struct JobQueue: Sendable {
  public static let consumerGroup = "hookgate"

  /// A job as read from a handler's stream.
  public struct Entry: Sendable {
    /// The stream entry id, needed to acknowledge the entry.
    public var id: String
    /// The job, envelope included.
    public var blob: [UInt8]
    /// The event whose stored envelope the entry shares (see ``QueueScripts/releaseFunction``);
    /// nil when the entry holds its own. Whatever moves the entry on passes it along, so the
    /// event learns when its last sharing entry is gone. When the event hash was deleted by
    /// hand, `blob` is the header line alone.
    public var sharesEnvelopeOf: String?

    public init(id: String, blob: [UInt8], sharesEnvelopeOf: String? = nil) {
      self.id = id
      self.blob = blob
      self.sharesEnvelopeOf = sharesEnvelopeOf
    }
  }

  public let client: RedisClient
  public let keys: RedisKeys
  /// How long an event's attempt log outlives its latest attempt (`defaults.attempt_log_ttl`).
  public var attemptLogTTL: Duration = .seconds(7 * 86_400)

  /// A finished attempt's move (complete, reschedule, bury) shares its round trip with the
  /// other deliveries finishing meanwhile: the queue's keys are one partition's, in one slot.
  private let transitions: GroupCommit

  /// - Parameter transitions: a batcher to share with other partitions' queues, where their
  ///   moves may share a pipeline (a plain Redis); nil: the queue batches its own.
  public init(
    client: RedisClient, keys: RedisKeys = RedisKeys(), sharing transitions: GroupCommit? = nil
  ) {
    self.client = client
    self.keys = keys
    self.transitions = transitions ?? GroupCommit(client: client, flushers: 4)
  }

  /// Runs one of the job transition scripts, batched with concurrent ones when possible.
  private func transition(_ script: RedisScript, keys: [String], arguments: [[UInt8]])
    async throws(RedisError)
  {
    _ = try await transitions.evaluate(script, keys: keys, arguments: arguments, followedBy: [])[0]
      .throwingOnError()
  }

  /// Creates the handler's stream and consumer group if missing. The group starts at the
  /// beginning of the stream (`0`), so jobs accepted before any worker existed are delivered.
  public func prepare(handler: String) async throws(RedisError) {
    let reply = try await client.send([
      "XGROUP", "CREATE", keys.jobs(handler: handler), Self.consumerGroup, "0", "MKSTREAM",
    ])
    if case .error(let message) = reply, !message.hasPrefix("BUSYGROUP") { throw .server(message) }
  }

  /// Removes the consumers earlier processes left in the handler's group, if they hold no jobs
  /// and have been idle for longer than `idle`. Returns how many went.
  public func forgetIdleConsumers(handler: String, except consumer: String, idle: Duration)
    async throws(RedisError) -> Int
  {
    let reply = try await client.evaluate(
      QueueScripts.forgetIdleConsumers, keys: [keys.jobs(handler: handler)],
      arguments: [
        Array(Self.consumerGroup.utf8), Array(String(idle.milliseconds).utf8), Array(consumer.utf8),
      ])
    return Int(reply.integer ?? 0)
  }

  /// New jobs for this consumer, waiting up to `block` for one to arrive (nil: not at all).
  ///
  /// Shared envelopes are attached in a second round trip, one pipelined `HGET` per entry.
  /// A script around `XREADGROUP` saved that round trip but cost Redis more: turning each
  /// envelope into a Lua string and back took about 190 µs of Redis's time per batch of 16,
  /// where the `HGET`s take 16.
  public func read(handler: String, consumer: String, count: Int, block: Duration?)
    async throws(RedisError) -> [Entry]
  {
    var arguments = ["XREADGROUP", "GROUP", Self.consumerGroup, consumer, "COUNT", String(count)]
    if let block { arguments += ["BLOCK", String(block.milliseconds)] }
    arguments += ["STREAMS", keys.jobs(handler: handler), ">"]
    do {
      let reply = try await client.send(RedisCommand(arguments)).throwingOnError()
      // [[stream, [[id, [field, value, …]], …]]], or nil when nothing came.
      guard case .array(let streams) = reply, let stream = streams.first?.array, stream.count == 2
      else { return [] }
      return try await attachingSharedEnvelopes(Self.entries(stream[1]))
    } catch .server(let message) where message.hasPrefix("NOGROUP") {
      // The stream was deleted under us (e.g. FLUSHALL): recreate it and read next time.
      try await prepare(handler: handler)
      return []
    }
  }

  /// Returns when a job is added to the handler's stream, or after `timeout`. Reads nothing:
  /// a reader that found the stream empty waits here without holding a delivery slot. A job
  /// added between that read and this wait is seen when the wait times out.
  public func waitForJobs(handler: String, upTo timeout: Duration) async throws(RedisError) {
    _ = try await client.send([
      "XREAD", "COUNT", "1", "BLOCK", String(timeout.milliseconds), "STREAMS",
      keys.jobs(handler: handler), "$",
    ]).throwingOnError()
  }

  /// Takes over jobs another consumer has held for longer than `minIdle`: that worker died.
  public func claimStale(handler: String, consumer: String, minIdle: Duration, count: Int)
    async throws(RedisError) -> [Entry]
  {
    let reply = try await client.send([
      "XAUTOCLAIM", keys.jobs(handler: handler), Self.consumerGroup, consumer,
      String(minIdle.milliseconds), "0-0", "COUNT", String(count),
    ]).throwingOnError()
    // [next cursor, [[id, [field, value]], …], [deleted ids]]
    guard let parts = reply.array, parts.count >= 2 else { return [] }
    return try await attachingSharedEnvelopes(Self.entries(parts[1]))
  }

  /// - Parameters:
  ///   - record: appended to the event's attempt log in the same step.
  ///   - order: the job's place in its `order_by` key's line; its successor may go next.
  ///   - sharesEnvelopeOf: the entry's ``Entry/sharesEnvelopeOf``.
  public func complete(
    handler: String, entryID: String, sharesEnvelopeOf: String? = nil,
    record: AttemptRecord? = nil, order: OrderSlot? = nil
  ) async throws(RedisError) {
    let release = envelopeRelease(sharesEnvelopeOf)
    var scriptKeys = [keys.jobs(handler: handler), release.key]
    var arguments = [Array(Self.consumerGroup.utf8), Array(entryID.utf8), release.flag]
    appendLogAndOrder(record, order, handler: handler, keys: &scriptKeys, arguments: &arguments)
    try await transition(QueueScripts.complete, keys: scriptKeys, arguments: arguments)
  }

  public func reschedule(
    handler: String, entryID: String, sharesEnvelopeOf: String? = nil, job: DeliveryJob,
    after delay: Duration, record: AttemptRecord? = nil
  ) async throws(RedisError) {
    let release = envelopeRelease(sharesEnvelopeOf)
    var scriptKeys = [keys.jobs(handler: handler), keys.retries(handler: handler), release.key]
    var arguments = [
      Array(Self.consumerGroup.utf8), Array(entryID.utf8),
      Array(String(max(0, delay.milliseconds)).utf8), job.encoded(), release.flag,
    ]
    appendLogAndOrder(record, nil, handler: handler, keys: &scriptKeys, arguments: &arguments)
    try await transition(QueueScripts.reschedule, keys: scriptKeys, arguments: arguments)
  }

  public func bury(
    handler: String, entryID: String, sharesEnvelopeOf: String? = nil, blob: [UInt8],
    record: AttemptRecord? = nil, order: OrderSlot? = nil
  ) async throws(RedisError) {
    let release = envelopeRelease(sharesEnvelopeOf)
    var scriptKeys = [keys.jobs(handler: handler), keys.deadLetters(handler: handler), release.key]
    var arguments = [Array(Self.consumerGroup.utf8), Array(entryID.utf8), blob, release.flag]
    appendLogAndOrder(record, order, handler: handler, keys: &scriptKeys, arguments: &arguments)
    try await transition(QueueScripts.bury, keys: scriptKeys, arguments: arguments)
  }

  /// Moves jobs whose retry is due back into the stream. Returns how many moved.
  public func promoteDue(handler: String, limit: Int = 500) async throws(RedisError) -> Int {
    let reply = try await client.evaluate(
      QueueScripts.promote, keys: [keys.retries(handler: handler), keys.jobs(handler: handler)],
      arguments: [Array(String(limit).utf8)])
    return Int(reply.integer ?? 0)
  }

  /// Dead letters, oldest first, from `start` to `end` (entry ids, `-`/`+`, or burial times
  /// in milliseconds: a dead letter's id starts with the time it was buried).
  public func deadLetters(handler: String, start: String = "-", end: String = "+", count: Int = 100)
    async throws(RedisError) -> [Entry]
  {
    let reply = try await client.send([
      "XRANGE", keys.deadLetters(handler: handler), start, end, "COUNT", String(count),
    ]).throwingOnError()
    return Self.entries(reply)
  }

  /// Puts dead letters back in the queue with their attempts reset; the envelope, and so the
  /// `webhook-id`, stays the same. Returns how many moved.
  public func revive(handler: String, entries: [(id: String, job: DeliveryJob)])
    async throws(RedisError) -> Int
  {
    guard !entries.isEmpty else { return 0 }
    var scriptKeys = [keys.deadLetters(handler: handler), keys.jobs(handler: handler)]
    var arguments: [[UInt8]] = []
    for (id, job) in entries {
      var job = job
      // Replayed ordered jobs join the back of their key's line with a fresh sequence.
      job.sequence = nil
      var stateIndex = 0
      if let key = job.orderKey {
        scriptKeys.append(keys.orderState(handler: handler, key: key))
        stateIndex = scriptKeys.count
      }
      arguments.append(Array(id.utf8))
      arguments.append(job.encoded())
      arguments.append(Array(String(stateIndex).utf8))
    }
    let reply = try await client.evaluate(
      QueueScripts.revive, keys: scriptKeys, arguments: arguments)
    return Int(reply.integer ?? 0)
  }

  /// Jobs in the stream (not yet acknowledged) plus jobs waiting for a retry.
  public func backlog(handler: String) async throws(RedisError) -> (
    queued: Int, retrying: Int, dead: Int
  ) {
    let replies = try await client.pipeline([
      ["XLEN", keys.jobs(handler: handler)],
      ["ZCARD", keys.retries(handler: handler)],
      ["XLEN", keys.deadLetters(handler: handler)],
    ])
    return (
      Int(replies[0].integer ?? 0), Int(replies[1].integer ?? 0), Int(replies[2].integer ?? 0)
    )
  }

  /// Keeps the unrouted record bounded: it is for ops to inspect recent misses, not an archive.
  public func trimUnrouted(keeping count: Int) async throws(RedisError) {
    _ = try await client.send(["XTRIM", keys.unrouted, "MAXLEN", "~", String(count)])
      .throwingOnError()
  }

  /// Entries as `XRANGE`, `XREADGROUP` and `XAUTOCLAIM` list them. An entry sharing its
  /// event's envelope comes with its header line alone, for
  /// ``attachingSharedEnvelopes(_:)`` to complete.
  ///
  /// Shared entries have their own field so that a gateway of an earlier version, which
  /// reads only `job`, never mistakes a header for a whole job: it leaves them pending, and
  /// a current instance claims them after the visibility timeout.
  static func entries(_ value: RedisValue) -> [Entry] {
    guard let items = value.array else { return [] }
    return items.compactMap { item in
      guard let pair = item.array, pair.count == 2, let id = pair[0].string,
        let fields = pair[1].array
      else { return nil }
      var index = 0
      while index + 1 < fields.count {
        guard let blob = fields[index + 1].bytes else { break }
        switch fields[index].string {
        case "job": return Entry(id: id, blob: blob)
        case "shared":
          // A header that does not decode leaves the entry to be buried as unreadable.
          let eventID = (try? DeliveryJob(decoding: blob))?.eventID
          return Entry(id: id, blob: blob, sharesEnvelopeOf: eventID)
        default: index += 2
        }
      }
      return nil
    }
  }
}
