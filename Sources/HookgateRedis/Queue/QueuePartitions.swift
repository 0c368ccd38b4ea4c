import HookgateCore

/// A handler's jobs in every partition: one ``JobQueue`` per partition (by number), and the
/// sums ops and metrics read over all of them.
public struct QueuePartitions: Sendable {
  public let layout: PartitionLayout
  /// By partition number.
  public private(set) var queues: [JobQueue]

  public init(client: RedisClient, layout: PartitionLayout = .single, prefix: String = "hookgate") {
    self.layout = layout
    // A plain Redis takes any mix of keys in one pipeline: every partition's job moves share
    // one batcher, for larger batches. A cluster's pipelines stay in one slot.
    let shared = client.configuration.url.cluster ? nil : GroupCommit(client: client, flushers: 4)
    self.queues = RedisKeys.partitions(of: layout, prefix: prefix).map {
      JobQueue(client: client, keys: $0, sharing: shared)
    }
  }

  /// Any partition's queue, for what every partition shares: pause, breaker, rate limit.
  public var shared: JobQueue { queues[0] }

  public func queue(forTenant tenant: String) -> JobQueue {
    queues[layout.partition(ofTenant: tenant)]
  }

  /// How long attempt logs outlive their latest attempt, in every partition.
  public func withAttemptLogTTL(_ ttl: Duration) -> QueuePartitions {
    var copy = self
    for index in copy.queues.indices { copy.queues[index].attemptLogTTL = ttl }
    return copy
  }

  /// ``JobQueue/backlog(handler:)`` summed over the partitions.
  public func backlog(handler: String) async throws(RedisError) -> (
    queued: Int, retrying: Int, dead: Int
  ) {
    var total = (queued: 0, retrying: 0, dead: 0)
    for queue in queues {
      let part = try await queue.backlog(handler: handler)
      total = (total.queued + part.queued, total.retrying + part.retrying, total.dead + part.dead)
    }
    return total
  }

  /// ``JobQueue/groupStats(handler:)`` summed over the partitions.
  public func groupStats(handler: String) async throws(RedisError) -> JobQueue.GroupStats {
    var total = JobQueue.GroupStats(inFlight: 0, read: 0)
    for queue in queues {
      let part = try await queue.groupStats(handler: handler)
      total.inFlight += part.inFlight
      total.read += part.read
    }
    return total
  }

  /// The first partition's ``JobQueue/lastError(handler:)`` that has one.
  public func lastError(handler: String) async throws(RedisError) -> String? {
    for queue in queues {
      if let error = try await queue.lastError(handler: handler) { return error }
    }
    return nil
  }

  /// ``JobQueue/handBack(handler:consumer:)`` in every partition.
  public func handBack(handler: String, consumer: String) async throws(RedisError) -> Int {
    var count = 0
    for queue in queues { count += try await queue.handBack(handler: handler, consumer: consumer) }
    return count
  }
}
