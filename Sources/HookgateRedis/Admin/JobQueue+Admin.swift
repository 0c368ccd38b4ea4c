import HookgateCore

/// What the admin API reads from and adds to a handler's queue besides the delivery path.
extension JobQueue {
  /// The handler's consumer group as Redis counts it.
  public struct GroupStats: Sendable, Equatable {
    /// Jobs read by a worker and not yet acknowledged.
    public var inFlight: Int
    /// Jobs the group has read since the stream was created (Redis 7 `entries-read`): a
    /// counter whose rate is the handler's throughput, attempts included.
    public var read: Int
  }

  /// Appends a job to the handler's queue (a replay): delivered like any new job.
  public func enqueue(_ job: DeliveryJob) async throws(RedisError) {
    var command: RedisCommand = ["XADD", keys.jobs(handler: job.handler), "*", "job"]
    command.append(bytes: job.encoded())
    _ = try await client.send(command).throwingOnError()
  }

  public func groupStats(handler: String) async throws(RedisError) -> GroupStats {
    let reply = try await client.send(["XINFO", "GROUPS", keys.jobs(handler: handler)])
    guard case .array(let groups) = reply else { return GroupStats(inFlight: 0, read: 0) }
    for group in groups {
      let fields = EventIndex.fields(group)
      guard fields["name"].map({ String(decoding: $0, as: UTF8.self) }) == Self.consumerGroup
      else { continue }
      let items = group.array ?? []
      var numbers: [String: Int] = [:]
      var index = 0
      while index + 1 < items.count {
        if let name = items[index].string, let value = items[index + 1].integer {
          numbers[name] = Int(value)
        }
        index += 2
      }
      return GroupStats(inFlight: numbers["pending"] ?? 0, read: numbers["entries-read"] ?? 0)
    }
    return GroupStats(inFlight: 0, read: 0)
  }

  /// The breaker hash as published (`state`, `since`, `failures`); empty if never published.
  public func breakerFields(handler: String) async throws(RedisError) -> [String: String] {
    let reply = try await client.send(["HGETALL", keys.breaker(handler: handler)])
      .throwingOnError()
    return EventIndex.fields(reply).mapValues { String(decoding: $0, as: UTF8.self) }
  }

  /// The error of the job due next among those waiting for a retry, else of the newest dead
  /// letter: the handler's most telling recent failure.
  public func lastError(handler: String) async throws(RedisError) -> String? {
    let replies = try await client.pipeline([
      ["ZRANGE", keys.retries(handler: handler), "-1", "-1"],
      ["XREVRANGE", keys.deadLetters(handler: handler), "+", "-", "COUNT", "1"],
    ])
    if let blob = replies[0].array?.first?.bytes, let job = try? DeliveryJob(decoding: blob),
      let error = job.lastError
    {
      return error
    }
    if let entry = Self.entries(replies[1]).first {
      return (try? DeliveryJob(decoding: entry.blob))?.lastError
    }
    return nil
  }

  /// Dead letters, newest first, from `start` (an entry id; `(id` excludes it; `+` newest).
  public func deadLettersNewestFirst(handler: String, start: String, count: Int)
    async throws(RedisError) -> [Entry]
  {
    let reply = try await client.send([
      "XREVRANGE", keys.deadLetters(handler: handler), start, "-", "COUNT", String(count),
    ]).throwingOnError()
    return Self.entries(reply)
  }

  /// The dead letters with these entry ids that still exist.
  public func deadLetters(handler: String, ids: [String]) async throws(RedisError) -> [Entry] {
    guard !ids.isEmpty else { return [] }
    let replies = try await client.pipeline(
      ids.map { ["XRANGE", keys.deadLetters(handler: handler), $0, $0] })
    return replies.flatMap { Self.entries($0) }
  }
}
