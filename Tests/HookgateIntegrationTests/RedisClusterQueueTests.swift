import Foundation
import HookgateCore
import HookgateRedis
import Testing

extension RedisClusterTests {
  /// Each tenant's keys share their partition's hash tag, so the accept script and the job
  /// moves run inside one slot, while the partitions spread over the three shards.
  @Test func partitionedKeysKeepEachScriptInOneSlotAndSpreadOverShards() async throws {
    try await withCluster { cluster, client in
      let layout = try PartitionLayout(count: 8, cluster: true)
      let store = AcceptStore(client: client, layout: layout)
      let queues = QueuePartitions(client: client, layout: layout)
      for queue in queues.queues { try await queue.prepare(handler: "loyalty") }
      let tenants = (0..<24).map { "tenant-\($0)" }
      let durability = Durability.replicated(replicas: 1, timeout: .seconds(2))
      for tenant in tenants {
        let job = DeliveryJob(
          eventID: "evt_\(tenant)", handler: "loyalty", acceptedAtMilliseconds: 1,
          envelope: Array("{}".utf8))
        let event = AcceptStore.Pending(
          eventID: job.eventID, jobs: [job], unroutedRecord: [], tenant: tenant)
        #expect(
          try await store.accept([event], dedupeWindow: .seconds(60), durability: durability)
            == [true])
        #expect(
          try await store.accept([event], dedupeWindow: .seconds(60), durability: durability)
            == [false])
      }
      // Every primary holds some partition's keys.
      var primaries: Set<Int> = []
      for slot in [0, 8000, 16000] {
        primaries.insert(try await cluster.shard(ofSlot: slot).primary)
      }
      for primary in primaries {
        let size = try await cluster.send(primary, ["DBSIZE"]).integer ?? 0
        #expect(size > 0, "primary \(primary) holds none of the keys")
      }
      // Each job is in its tenant's partition; moving it there works.
      var delivered: [String] = []
      for (partition, queue) in queues.queues.enumerated() {
        let entries = try await queue.read(
          handler: "loyalty", consumer: "w", count: 100, block: nil)
        for entry in entries {
          let job = try DeliveryJob(decoding: entry.blob)
          let tenant = String(job.eventID.dropFirst("evt_".count))
          #expect(layout.partition(ofTenant: tenant) == partition)
          try await queue.reschedule(
            handler: "loyalty", entryID: entry.id, job: job, after: .zero)
          #expect(try await queue.promoteDue(handler: "loyalty") == 1)
          let again = try await queue.read(
            handler: "loyalty", consumer: "w", count: 10, block: nil)
          try await queue.complete(handler: "loyalty", entryID: try #require(again.first).id)
          delivered.append(tenant)
        }
      }
      #expect(delivered.sorted() == tenants.sorted())
      let backlog = try await queues.backlog(handler: "loyalty")
      #expect(backlog.queued == 0 && backlog.retrying == 0 && backlog.dead == 0)
    }
  }

  /// The untagged layout of a plain Redis (`hookgate:dedup:<id>` next to
  /// `hookgate:jobs:<handler>`) spans slots: on a cluster the accept step is refused before
  /// anything is written.
  @Test func theUntaggedLayoutIsRefusedAsCrossSlotBeforeWriting() async throws {
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
