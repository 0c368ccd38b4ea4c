import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// An event's envelope is stored once, in its event hash; the jobs of the accept share it.
@Suite("Jobs share their event's stored envelope", .serialized)
struct SharedEnvelopeTests {
  private struct World {
    let redis: RedisServerProcess
    let client: RedisClient
    let store: AcceptStore
    let queue: JobQueue
    let keys = RedisKeys()

    static func start() async throws -> World {
      let redis = try await RedisServerProcess.launch()
      let client = RedisClient(configuration: .init(url: redis.url, connections: 2))
      let world = World(
        redis: redis, client: client, store: AcceptStore(client: client),
        queue: JobQueue(client: client))
      for handler in ["loyalty", "invoices"] { try await world.queue.prepare(handler: handler) }
      return world
    }

    func stop() async {
      await client.shutdown()
      await redis.stop()
    }

    /// Accepts one event routed to `handlers` with a one-hour window; returns its envelope.
    func accept(_ eventID: String, to handlers: [String]) async throws -> [UInt8] {
      let envelope = Array(#"{"id":"\#(eventID)","type":"payment.succeeded","data":{}}"#.utf8)
      let jobs = handlers.map {
        DeliveryJob(
          eventID: eventID, handler: $0, acceptedAtMilliseconds: 1_763_726_400_000,
          envelope: envelope)
      }
      let isNew = try await store.accept(
        [.init(eventID: eventID, jobs: jobs, unroutedRecord: envelope, tenant: "acme")],
        dedupeWindow: .seconds(3600), durability: .local)
      #expect(isNew == [true])
      return envelope
    }

    func read(_ handler: String) async throws -> JobQueue.Entry {
      let entries = try await queue.read(
        handler: handler, consumer: "c", count: 10, block: .milliseconds(10))
      #expect(entries.count == 1)
      return try #require(entries.first)
    }

    func eventTTL(_ eventID: String) async throws -> Int64 {
      try await client.send(["TTL", keys.event(eventID: eventID)]).integer ?? -3
    }

    func pending(_ eventID: String) async throws -> String? {
      try await client.send(["HGET", keys.event(eventID: eventID), "pending"]).string
    }
  }

  @Test func theStreamHoldsTheHeaderAndTheReaderAttachesTheEnvelope() async throws {
    let world = try await World.start()
    let envelope = try await world.accept("evt_1", to: ["loyalty", "invoices"])

    let raw = try await world.client.send(["XRANGE", world.keys.jobs(handler: "loyalty"), "-", "+"])
    // [[id, ["shared", header]]]: not `job`, which a gateway of an earlier version reads as a
    // whole job (it leaves other fields pending for a current instance to claim).
    let fields = try #require(raw.array?.first?.array?.last?.array)
    #expect(fields.first?.string == "shared")
    let stored = try #require(fields.last?.bytes)
    #expect(stored.last == 0x0A && stored.count < 200, "only the header line is in the stream")
    #expect(try await world.pending("evt_1") == "2")
    #expect(try await world.eventTTL("evt_1") == -1, "no expiry while jobs share the envelope")

    let entry = try await world.read("loyalty")
    #expect(entry.sharesEnvelopeOf == "evt_1")
    let job = try DeliveryJob(decoding: entry.blob)
    #expect(job.envelope == envelope)
    #expect(job.handler == "loyalty")
    await world.stop()
  }

  @Test func aBlockingReadAndATakeOverAttachTheEnvelopeToo() async throws {
    let world = try await World.start()
    // The stream is empty when the read starts: the job arrives through XREADGROUP BLOCK.
    async let waiting = world.queue.read(
      handler: "loyalty", consumer: "a", count: 10, block: .seconds(5))
    try await Task.sleep(for: .milliseconds(200))
    let envelope = try await world.accept("evt_6", to: ["loyalty"])
    let read = try await waiting
    #expect(read.first?.sharesEnvelopeOf == "evt_6")
    #expect(try DeliveryJob(decoding: try #require(read.first).blob).envelope == envelope)

    // Consumer "a" died holding it; "b" takes it over.
    let claimed = try await world.queue.claimStale(
      handler: "loyalty", consumer: "b", minIdle: .zero, count: 10)
    #expect(claimed.first?.sharesEnvelopeOf == "evt_6")
    #expect(try DeliveryJob(decoding: try #require(claimed.first).blob).envelope == envelope)
    await world.stop()
  }

  @Test func theLastSharingEntryToLeaveSetsTheEventsExpiryOnce() async throws {
    let world = try await World.start()
    _ = try await world.accept("evt_2", to: ["loyalty", "invoices"])
    let loyalty = try await world.read("loyalty")
    let invoices = try await world.read("invoices")

    try await world.queue.complete(
      handler: "loyalty", entryID: loyalty.id, sharesEnvelopeOf: loyalty.sharesEnvelopeOf)
    #expect(try await world.pending("evt_2") == "1")
    #expect(try await world.eventTTL("evt_2") == -1)
    // Finished twice (a redelivery after a lost acknowledgement): released once.
    try await world.queue.complete(
      handler: "loyalty", entryID: loyalty.id, sharesEnvelopeOf: loyalty.sharesEnvelopeOf)
    #expect(try await world.pending("evt_2") == "1")

    // A retry carries its own envelope, so the event no longer waits for it.
    var job = try DeliveryJob(decoding: invoices.blob)
    job.attempts = 1
    try await world.queue.reschedule(
      handler: "invoices", entryID: invoices.id, sharesEnvelopeOf: invoices.sharesEnvelopeOf,
      job: job, after: .seconds(60))
    #expect(try await world.pending("evt_2") == "0")
    #expect((3500...3600).contains(try await world.eventTTL("evt_2")))
    let retry = try await world.client.send(
      ["ZRANGE", world.keys.retries(handler: "invoices"), "0", "-1"])
    let member = try #require(retry.array?.first?.bytes)
    #expect(try DeliveryJob(decoding: member) == job)
    #expect(!job.envelope.isEmpty)
    await world.stop()
  }

  @Test func anEventAcceptedAgainAfterItsWindowCountsOnFromTheEarlierEntries() async throws {
    let world = try await World.start()
    _ = try await world.accept("evt_5", to: ["loyalty"])
    // The dedup window ends while the first job still waits for its handler.
    _ = try await world.client.send(["DEL", world.keys.dedup(eventID: "evt_5")])
    _ = try await world.accept("evt_5", to: ["loyalty"])
    #expect(try await world.pending("evt_5") == "2")

    let entries = try await world.queue.read(
      handler: "loyalty", consumer: "c", count: 10, block: .milliseconds(10))
    #expect(entries.count == 2)
    for entry in entries {
      #expect(try await world.eventTTL("evt_5") == -1)
      try await world.queue.complete(
        handler: "loyalty", entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf)
    }
    #expect(try await world.pending("evt_5") == "0")
    #expect(try await world.eventTTL("evt_5") > 3500)
    await world.stop()
  }

  @Test func anEventAcceptedAgainAfterItsDeliveriesLosesTheExpiryTheyLeft() async throws {
    let world = try await World.start()
    _ = try await world.accept("evt_6", to: ["loyalty"])
    let first = try await world.read("loyalty")
    try await world.queue.complete(
      handler: "loyalty", entryID: first.id, sharesEnvelopeOf: first.sharesEnvelopeOf)
    #expect(try await world.eventTTL("evt_6") > 3500)

    _ = try await world.client.send(["DEL", world.keys.dedup(eventID: "evt_6")])
    _ = try await world.accept("evt_6", to: ["loyalty"])
    #expect(try await world.pending("evt_6") == "1")
    #expect(try await world.eventTTL("evt_6") == -1)
    let second = try await world.read("loyalty")
    #expect(second.blob.suffix(first.blob.count) == first.blob[...])
    await world.stop()
  }

  @Test func anUnroutedAcceptOfAnEventStillSharedKeepsItWithoutExpiry() async throws {
    let world = try await World.start()
    _ = try await world.accept("evt_7", to: ["loyalty"])
    _ = try await world.client.send(["DEL", world.keys.dedup(eventID: "evt_7")])
    // Accepted again after its window, now routed nowhere (the routes changed).
    _ = try await world.accept("evt_7", to: [])
    #expect(try await world.pending("evt_7") == "1")
    #expect(try await world.eventTTL("evt_7") == -1)

    let entry = try await world.read("loyalty")
    #expect(!entry.blob.isEmpty)
    try await world.queue.complete(
      handler: "loyalty", entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf)
    #expect(try await world.eventTTL("evt_7") > 3500)
    await world.stop()
  }

  @Test func aBuriedJobKeepsItsOwnEnvelope() async throws {
    let world = try await World.start()
    let envelope = try await world.accept("evt_3", to: ["loyalty"])
    let entry = try await world.read("loyalty")
    var job = try DeliveryJob(decoding: entry.blob)
    job.lastError = "HTTP 500"
    try await world.queue.bury(
      handler: "loyalty", entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
      blob: job.encoded())
    #expect(try await world.pending("evt_3") == "0")
    #expect(try await world.eventTTL("evt_3") > 3500)
    // The dead letter outlives the event hash.
    _ = try await world.client.send(["DEL", world.keys.event(eventID: "evt_3")])
    let dead = try await world.queue.deadLetters(handler: "loyalty")
    #expect(try DeliveryJob(decoding: try #require(dead.first).blob).envelope == envelope)
    await world.stop()
  }

  @Test func anEntryWhoseEventHashWasDeletedComesWithoutEnvelope() async throws {
    let world = try await World.start()
    _ = try await world.accept("evt_4", to: ["loyalty"])
    _ = try await world.client.send(["DEL", world.keys.event(eventID: "evt_4")])
    let entry = try await world.read("loyalty")
    #expect(entry.sharesEnvelopeOf == "evt_4")
    #expect(try DeliveryJob(decoding: entry.blob).envelope.isEmpty)
    // Moving it on leaves no stray hash behind.
    try await world.queue.bury(
      handler: "loyalty", entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
      blob: entry.blob)
    #expect(
      try await world.client.send(["EXISTS", world.keys.event(eventID: "evt_4")]).integer == 0)
    await world.stop()
  }

  @Test func aJobWhoseEventHashWasDeletedIsDeadLetteredNotSentEmpty() async throws {
    try await GatewayFixture.with(.init()) { fixture in
      let queue = JobQueue(client: fixture.client)
      try await queue.pause(handler: "loyalty", reason: "test")
      try await Task.sleep(for: .milliseconds(1500))  // every dispatcher has seen the pause
      let eventID = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_hash_gone")).eventID)
      _ = try await fixture.client.send(["DEL", "hookgate:event:\(eventID)"])
      _ = try await queue.resume(handler: "loyalty")

      var dead: [JobQueue.Entry] = []
      #expect(
        await eventually {
          dead = (try? await queue.deadLetters(handler: "loyalty")) ?? []
          return !dead.isEmpty
        })
      let job = try DeliveryJob(decoding: try #require(dead.first).blob)
      #expect(job.eventID == eventID)
      #expect(job.lastError == "the event's stored envelope is gone")
      #expect(fixture["loyalty"].count == 0)
    }
  }
}
