import Foundation
import HookgateRedis
import Testing

/// Group commit on a real Redis: callers share round trips, each gets its own replies, and a
/// connection that dies fails the callers it carried without stopping the ones after.
@Suite("Group commit on a real Redis", .serialized)
struct GroupCommitTests {
  @Test func concurrentCallersEachGetTheirOwnRepliesInOrder() async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    let commit = GroupCommit(client: client, flushers: 4)
    let replies = try await withThrowingTaskGroup(of: (Int, [RedisValue]).self) { group in
      for caller in 0..<300 {
        group.addTask {
          let key = "counter:\(caller)"
          return (caller, try await commit.pipeline([["INCR", key], ["INCRBY", key, "10"]]))
        }
      }
      return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
    }
    #expect(replies.count == 300)
    #expect(replies.values.allSatisfy { $0 == [.integer(1), .integer(11)] })
    await client.shutdown()
    await redis.stop()
  }

  @Test func callersFailWhileRedisIsDownAndSucceedOnceItIsBack() async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(
      configuration: .init(url: redis.url, connections: 2, connectTimeout: .milliseconds(200)))
    let commit = GroupCommit(client: client, flushers: 2)
    #expect(try await commit.pipeline([["SET", "k", "before"]]) == [.status("OK")])

    await redis.kill()
    await #expect(throws: RedisError.self) { try await commit.pipeline([["GET", "k"]]) }

    try await redis.start()
    // The dead connection was dropped: the next round trip opens another.
    let back = await eventually { (try? await commit.pipeline([["PING"]])) == [.status("PONG")] }
    #expect(back)
    await client.shutdown()
    await redis.stop()
  }
}
