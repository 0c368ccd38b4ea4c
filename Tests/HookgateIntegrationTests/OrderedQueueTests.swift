import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// The ordering state machine in the queue's scripts, step by step on a real Redis, without
/// a gateway: which job may go, which waits, and what each finish releases.
@Suite("Ordered job queue on a real Redis", .serialized)
struct OrderedQueueTests {
  static let handler = "reservations"

  struct World {
    let redis: RedisServerProcess
    let client: RedisClient
    let queue: JobQueue
    let store: AcceptStore

    func close() async {
      await client.shutdown()
      await redis.stop()
    }

    func accept(_ eventID: String, key: String?) async throws {
      let job = DeliveryJob(
        eventID: eventID, handler: OrderedQueueTests.handler, acceptedAtMilliseconds: 1,
        orderKey: key, envelope: Array("{\"id\":\"\(eventID)\"}".utf8))
      let fresh = try await store.accept(
        [.init(eventID: eventID, jobs: [job], unroutedRecord: [])], dedupeWindow: .seconds(60),
        durability: .local)
      #expect(fresh == [true])
    }

    /// Everything in the stream for a consumer, decoded.
    func read() async throws -> [(entry: JobQueue.Entry, job: DeliveryJob)] {
      try await queue.read(
        handler: OrderedQueueTests.handler, consumer: "c", count: 100, block: .milliseconds(10)
      ).map { ($0, try DeliveryJob(decoding: $0.blob)) }
    }

    func turn(_ item: (entry: JobQueue.Entry, job: DeliveryJob)) async throws -> Bool {
      let order = try #require(OrderSlot(job: item.job))
      let waiting = AttemptRecord(
        eventID: item.job.eventID, handler: OrderedQueueTests.handler, attempt: 0,
        atMilliseconds: 0, status: nil, latencyMilliseconds: 0, error: "waiting",
        response: [], outcome: .waiting)
      return try await queue.takeTurn(
        handler: OrderedQueueTests.handler, entryID: item.entry.id, job: item.job, order: order,
        waiting: waiting)
    }

    func keys(_ pattern: String) async throws -> Int {
      try await client.send(["KEYS", pattern]).array?.count ?? -1
    }
  }

  /// Runs `body` against a fresh Redis, stopped afterwards even when `body` throws.
  static func withWorld(_ body: (World) async throws -> Void) async throws {
    let redis = try await RedisServerProcess.launch()
    let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
    let world = World(
      redis: redis, client: client, queue: JobQueue(client: client),
      store: AcceptStore(client: client))
    do {
      try await world.queue.prepare(handler: handler)
      try await body(world)
    } catch {
      await world.close()
      throw error
    }
    await world.close()
  }

  @Test func oneKeyGoesOneAtATimeThroughRetryDeathAndSuccess() async throws {
    try await Self.withWorld { world in
      for id in ["e1", "e2", "e3"] { try await world.accept(id, key: "R1") }
      try await world.accept("other", key: "R2")
      try await world.accept("loose", key: nil)
      // Even state nothing but the accept ever touches is bounded.
      let ttl = try await world.client.send(["PTTL", "hookgate:order:reservations:R1"]).integer
      #expect((1...JobQueue.orderStateTTL.milliseconds).contains(ttl ?? -1))

      let first = try await world.read()
      #expect(first.map(\.job.eventID) == ["e1", "e2", "e3", "other", "loose"])
      #expect(first.map(\.job.sequence) == [1, 2, 3, 1, nil])
      // Only each key's first may go; the others wait outside the stream.
      #expect(try await world.turn(first[0]))
      #expect(try await !world.turn(first[1]))
      #expect(try await !world.turn(first[2]))
      #expect(try await world.turn(first[3]))
      #expect(
        try await world.client.send(["ZCARD", "hookgate:parked:reservations:R1"]).integer == 2)
      #expect(try await world.client.send(["XLEN", "hookgate:jobs:reservations"]).integer == 3)

      // e1 fails and is retried: still its key's turn when it comes back.
      var retried = first[0].job
      retried.attempts = 1
      try await world.queue.reschedule(
        handler: Self.handler, entryID: first[0].entry.id, job: retried, after: .zero)
      #expect(try await world.queue.promoteDue(handler: Self.handler) == 1)
      let again = try await world.read()
      #expect(again.map(\.job.eventID) == ["e1"])
      #expect(try await world.turn(again[0]))

      // e1 dies: e2 (only e2) comes back into the stream.
      try await world.queue.bury(
        handler: Self.handler, entryID: again[0].entry.id, blob: again[0].job.encoded(),
        order: OrderSlot(job: again[0].job))
      let second = try await world.read()
      #expect(second.map(\.job.eventID) == ["e2"])
      #expect(try await world.turn(second[0]))

      // Finishing e2 twice (a worker that lost its job to a take-over) releases e3 once.
      try await world.queue.complete(
        handler: Self.handler, entryID: second[0].entry.id, order: OrderSlot(job: second[0].job))
      try await world.queue.complete(
        handler: Self.handler, entryID: second[0].entry.id, order: OrderSlot(job: second[0].job))
      let third = try await world.read()
      #expect(third.map(\.job.eventID) == ["e3"])
      #expect(try await world.turn(third[0]))
      try await world.queue.complete(
        handler: Self.handler, entryID: third[0].entry.id, order: OrderSlot(job: third[0].job))
      try await world.queue.complete(
        handler: Self.handler, entryID: first[3].entry.id, order: OrderSlot(job: first[3].job))

      // Nothing outstanding: no ordering state left behind.
      #expect(try await world.keys("hookgate:order:*") == 0)
      #expect(try await world.keys("hookgate:parked:*") == 0)
      // e2 and e3 each logged the wait.
      #expect(try await world.queue.attempts(eventID: "e2").count == 1)
    }
  }

  @Test func replayedDeadLetterJoinsTheBackOfItsKeysLine() async throws {
    try await Self.withWorld { world in
      try await world.accept("e1", key: "R1")
      try await world.accept("e2", key: "R1")
      let jobs = try await world.read()
      #expect(try await world.turn(jobs[0]))
      try await world.queue.bury(
        handler: Self.handler, entryID: jobs[0].entry.id, blob: jobs[0].job.encoded(),
        order: OrderSlot(job: jobs[0].job))
      // e2 is now in flight, and e1 is replayed behind it.
      #expect(try await world.turn(jobs[1]))
      let dead = try await world.queue.deadLetters(handler: Self.handler)
      var revived = try DeliveryJob(decoding: try #require(dead.first).blob)
      revived.attempts = 0
      #expect(
        try await world.queue.revive(handler: Self.handler, entries: [(dead[0].id, revived)]) == 1)
      let replayed = try await world.read()
      #expect(replayed.map(\.job.eventID) == ["e1"])
      #expect(replayed.first?.job.sequence == 3)
      #expect(try await !world.turn(replayed[0]))
      try await world.queue.complete(
        handler: Self.handler, entryID: jobs[1].entry.id, order: OrderSlot(job: jobs[1].job))
      let released = try await world.read()
      #expect(released.map(\.job.eventID) == ["e1"])
      #expect(try await world.turn(released[0]))
    }
  }

  @Test func expiredStateLetsJobsGoRatherThanWaitForever() async throws {
    try await Self.withWorld { world in
      try await world.accept("e1", key: "R1")
      try await world.accept("e2", key: "R1")
      _ = try await world.client.send(["DEL", "hookgate:order:reservations:R1"])
      let jobs = try await world.read()
      #expect(try await world.turn(jobs[1]))
    }
  }
}
