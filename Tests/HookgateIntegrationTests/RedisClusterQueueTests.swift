import Foundation
import HookgateCore
import HookgateRedis
import Testing

extension RedisClusterTests {
  /// The queue layer runs unchanged over the cluster client once every key of a script shares
  /// a slot. A `{hookgate}` prefix does that crudely (one slot for everything); the key
  /// redesign spreads handlers over slots.
  @Test func theQueueRunsOverAClusterWhenItsKeysShareAHashTag() async throws {
    try await withCluster { _, client in
      let keys = RedisKeys(prefix: "{hookgate}")
      let store = AcceptStore(client: client, keys: keys)
      let queue = JobQueue(client: client, keys: keys)
      try await queue.prepare(handler: "loyalty")
      let job = DeliveryJob(
        eventID: "evt_1", handler: "loyalty", acceptedAtMilliseconds: 1,
        envelope: Array("{}".utf8))
      let event = AcceptStore.Pending(eventID: "evt_1", jobs: [job], unroutedRecord: [])
      let durability = Durability.replicated(replicas: 1, timeout: .seconds(2))

      #expect(
        try await store.accept([event], dedupeWindow: .seconds(60), durability: durability) == [
          true
        ])
      #expect(
        try await store.accept([event], dedupeWindow: .seconds(60), durability: durability) == [
          false
        ])
      let first = try await queue.read(
        handler: "loyalty", consumer: "w", count: 10, block: .milliseconds(100))
      #expect(first.count == 1)
      let entry = try #require(first.first)
      try await queue.reschedule(
        handler: "loyalty", entryID: entry.id, job: job, after: .milliseconds(0))
      #expect(try await queue.promoteDue(handler: "loyalty") == 1)
      let again = try await queue.read(
        handler: "loyalty", consumer: "w", count: 10, block: .milliseconds(100))
      #expect(again.map(\.blob) == [job.encoded()])
      try await queue.complete(handler: "loyalty", entryID: try #require(again.first).id)
      let backlog = try await queue.backlog(handler: "loyalty")
      #expect(backlog.queued == 0 && backlog.retrying == 0 && backlog.dead == 0)
    }
  }

  /// Today's keys (`hookgate:dedup:<id>` next to `hookgate:jobs:<handler>`) are in different
  /// slots: the accept step is refused before anything is written, until keys get hash tags.
  @Test func todaysKeyLayoutIsRefusedAsCrossSlotBeforeWriting() async throws {
    try await withCluster { _, client in
      let job = DeliveryJob(
        eventID: "evt_2", handler: "loyalty", acceptedAtMilliseconds: 1, envelope: [])
      let event = AcceptStore.Pending(eventID: "evt_2", jobs: [job], unroutedRecord: [])
      do {
        _ = try await AcceptStore(client: client).accept(
          [event], dedupeWindow: .seconds(60), durability: .local)
        Issue.record("the accept step ran across slots")
      } catch {
        guard case .crossSlot = error as? RedisError else {
          Issue.record("expected crossSlot, got \(error)")
          return
        }
      }
      let written = try await client.send(["EXISTS", RedisKeys().dedup(eventID: "evt_2")])
      #expect(written == .integer(0))
    }
  }
}
