import Synchronization

/// Shares Redis round trips between concurrent callers ("group commit"): each caller's
/// commands join a queue, and up to `flushers` loops each send everything queued so far as
/// one pipeline, then hand every caller its own replies.
///
/// No timer: a batch is whatever arrived while the previous round trip was in flight, so a
/// lone caller goes out at once and a busy gateway sends fewer, larger writes (one thread
/// hop, one `write` and a few `read`s for many accepts instead of one each).
///
/// Each caller's commands stay together and in order, so a script followed by `WAIT` keeps
/// its meaning. A connection failure fails the whole batch, as it would have failed each
/// caller alone; every command is a script that either ran or did not.
public final class GroupCommit: Sendable {
  private struct Pending {
    var commands: [RedisCommand]
    var continuation: CheckedContinuation<Result<[RedisValue], RedisError>, Never>
  }

  private struct State {
    var queue: [Pending] = []
    var flushing = 0
  }

  private let client: RedisClient
  private let flushers: Int
  private let maxBatch: Int
  private let state = Mutex(State())

  /// - Parameters:
  ///   - flushers: round trips in flight at once (at most the client's connections).
  ///   - maxBatch: callers per round trip.
  public init(client: RedisClient, flushers: Int = 4, maxBatch: Int = 64) {
    self.client = client
    self.flushers = max(1, flushers)
    self.maxBatch = max(1, maxBatch)
  }

  /// Sends `commands` in a shared round trip; their replies come back in order.
  public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisValue] {
    let result = await withCheckedContinuation { continuation in
      let lead = state.withLock { state in
        state.queue.append(Pending(commands: commands, continuation: continuation))
        guard state.flushing < flushers else { return false }
        state.flushing += 1
        return true
      }
      if lead { Task { await flush() } }
    }
    return try result.get()
  }

  /// ``RedisClient/evaluate(_:keys:arguments:followedBy:)`` in a shared round trip.
  public func evaluate(
    _ script: RedisScript, keys: [String], arguments: [[UInt8]], followedBy commands: [RedisCommand]
  ) async throws(RedisError) -> [RedisValue] {
    try await script.run(
      keys: keys, arguments: arguments, followedBy: commands, through: pipeline)
  }

  private func flush() async {
    while true {
      let batch = state.withLock { state -> [Pending] in
        let batch = Array(state.queue.prefix(maxBatch))
        state.queue.removeFirst(batch.count)
        if batch.isEmpty { state.flushing -= 1 }
        return batch
      }
      if batch.isEmpty { return }
      do {
        let replies = try await client.pipeline(batch.flatMap(\.commands))
        var offset = 0
        for pending in batch {
          let count = pending.commands.count
          pending.continuation.resume(returning: .success(Array(replies[offset..<offset + count])))
          offset += count
        }
      } catch {
        for pending in batch { pending.continuation.resume(returning: .failure(error)) }
      }
    }
  }
}
