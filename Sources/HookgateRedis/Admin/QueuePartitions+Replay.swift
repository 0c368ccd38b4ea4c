import HookgateCore

extension JobQueue {
  /// Puts dead letters back in the queue as fresh jobs: attempts and last error cleared, the
  /// envelope (and so the `webhook-id`) kept. Unreadable ones, and those `matching` refuses,
  /// stay where they are. Returns how many moved.
  public func replay(
    handler: String, deadLetters entries: [Entry], matching: (DeliveryJob) -> Bool = { _ in true }
  ) async throws(RedisError) -> Int {
    let fresh: [(id: String, job: DeliveryJob)] = entries.compactMap { entry in
      guard var job = try? DeliveryJob(decoding: entry.blob), matching(job) else { return nil }
      job.attempts = 0
      job.lastError = nil
      return (entry.id, job)
    }
    return try await revive(handler: handler, entries: fresh)
  }
}

extension QueuePartitions {
  /// Dead letters read per round trip while replaying.
  static let replayPage = 200

  /// Replays the handler's dead letters buried from `start` to `end` (entry ids, `-`/`+`, or
  /// burial times in milliseconds) that `matching` accepts, in every partition.
  public func replayDeadLetters(
    handler: String, from start: String = "-", to end: String = "+",
    matching: (DeliveryJob) -> Bool = { _ in true }
  ) async throws(RedisError) -> Int {
    var moved = 0
    for queue in queues {
      var cursor = start
      while true {
        let page = try await queue.deadLetters(
          handler: handler, start: cursor, end: end, count: Self.replayPage)
        moved += try await queue.replay(handler: handler, deadLetters: page, matching: matching)
        guard page.count == Self.replayPage, let last = page.last else { break }
        cursor = "(" + last.id
      }
    }
    return moved
  }
}
