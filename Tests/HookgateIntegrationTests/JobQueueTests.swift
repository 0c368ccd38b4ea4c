import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Job queue on a real Redis", .serialized)
struct JobQueueTests {
  /// A fresh Redis, a client and the queue of handler `loyalty`, stopped when `body` ends.
  private func withLoyaltyQueue(
    _ body: (RedisClient, JobQueue) async throws -> Void
  ) async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    let queue = JobQueue(client: client)
    do {
      try await queue.prepare(handler: "loyalty")
      try await body(client, queue)
    } catch {
      await client.shutdown()
      await redis.stop()
      throw error
    }
    await client.shutdown()
    await redis.stop()
  }

  @Test func consumersOfGoneProcessesAreForgottenUnlessTheyHoldJobs() async throws {
    try await withLoyaltyQueue { client, queue in
      let stream = RedisKeys().jobs(handler: "loyalty")
      _ = try await client.send(["XADD", stream, "*", "job", "x"])
      _ = try await client.send(["XADD", stream, "*", "job", "y"])
      // "holder" takes a job and dies holding it; "ghost" finished its job, then died.
      _ = try await queue.read(
        handler: "loyalty", consumer: "holder", count: 1, block: .milliseconds(10))
      let done = try await queue.read(
        handler: "loyalty", consumer: "ghost", count: 1, block: .milliseconds(10))
      try await queue.complete(handler: "loyalty", entryID: try #require(done.first).id)
      try await Task.sleep(for: .milliseconds(50))

      let removed = try await queue.forgetIdleConsumers(
        handler: "loyalty", except: "me", idle: .milliseconds(20))
      #expect(removed == 1)
      let consumers = try await client.send(["XINFO", "CONSUMERS", stream, JobQueue.consumerGroup])
      let names = (consumers.array ?? []).compactMap { $0.array?[1].string }
      #expect(names == ["holder"])
    }
  }

  @Test func theAttemptLogKeepsItsLatestThousandRecords() async throws {
    try await withLoyaltyQueue { client, queue in
      let log = RedisKeys().attempts(eventID: "evt_long")
      let old = RedisCommand(["RPUSH", log] + (1...1000).map { "old \($0)" })
      #expect(try await client.send(old).integer == 1000)
      _ = try await client.send(["XADD", RedisKeys().jobs(handler: "loyalty"), "*", "job", "x"])
      let entry = try #require(
        try await queue.read(handler: "loyalty", consumer: "c", count: 1, block: nil).first)
      let record = AttemptRecord(
        eventID: "evt_long", handler: "loyalty", attempt: 1, atMilliseconds: 0, status: 200,
        latencyMilliseconds: 1, error: nil, response: [], outcome: .delivered)
      try await queue.complete(handler: "loyalty", entryID: entry.id, record: record)

      #expect(try await client.send(["LLEN", log]).integer == 1000)
      #expect(try await client.send(["LINDEX", log, "0"]).string == "old 2")
      #expect(try await client.send(["LINDEX", log, "-1"]).bytes == record.encoded())
      #expect(try await client.send(["PTTL", log]).integer ?? 0 > 0)
    }
  }
}
