import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Job queue on a real Redis", .serialized)
struct JobQueueTests {
  @Test func consumersOfGoneProcessesAreForgottenUnlessTheyHoldJobs() async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    let queue = JobQueue(client: client)
    try await queue.prepare(handler: "loyalty")
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

    await client.shutdown()
    await redis.stop()
  }
}
