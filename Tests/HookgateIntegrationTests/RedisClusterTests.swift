import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// The cluster mode of RedisClient against a real six-node Redis Cluster.
@Suite("Redis Cluster client on a real cluster", .serialized)
struct RedisClusterTests {
  /// A started cluster and a cluster client for it, both stopped after `body`.
  func withCluster(
    seedingReplicaOfSlot seedSlot: Int? = nil,
    _ body: (RedisClusterProcess, RedisClient) async throws -> Void
  ) async throws {
    try await RedisClusterProcess.with { cluster in
      var seeds: [Int]?
      if let seedSlot { seeds = [try await cluster.shard(ofSlot: seedSlot).replicas[0]] }
      let client = RedisClient(
        configuration: .init(
          url: cluster.url(seeds: seeds), connections: 4, connectTimeout: .milliseconds(300),
          commandTimeout: .seconds(5)))
      do {
        try await body(cluster, client)
        await client.shutdown()
      } catch {
        await client.shutdown()
        throw error
      }
    }
  }

  @Test func keysSpreadAcrossSlotsAreWrittenAndReadThroughOneClient() async throws {
    // Seeded with one replica only: the client learns the primaries from its CLUSTER SLOTS.
    try await withCluster(seedingReplicaOfSlot: 0) { cluster, client in

      for index in 0..<60 {
        #expect(try await client.send(["SET", "key-\(index)", "value-\(index)"]) == .status("OK"))
      }
      for index in 0..<60 {
        #expect(try await client.send(["GET", "key-\(index)"]).string == "value-\(index)")
      }
      // Every primary holds some of the keys: they really were spread.
      var primaries: Set<Int> = []
      for slot in [0, 8000, 16000] {
        primaries.insert(try await cluster.shard(ofSlot: slot).primary)
      }
      #expect(primaries.count == 3)
      for primary in primaries {
        let size = try await cluster.send(primary, ["DBSIZE"]).integer ?? 0
        #expect(size > 0, "primary \(primary) holds none of the keys")
      }
      let statistics = try #require(client.clusterStatistics)
      #expect(statistics.primaries == 3)
      #expect(statistics.movedFollowed == 0)
      // A plain client on a node that does not own "foo" gets a redirect: this is a real cluster.
      let owner = try await cluster.shard(ofSlot: ClusterKeySlot.slot(of: "foo")).primary
      let other = try #require(primaries.first { $0 != owner })
      let redirect = try await cluster.send(other, ["GET", "foo"])
      #expect(redirect == .error("MOVED 12182 127.0.0.1:\(owner)"))
    }
  }

  @Test func pipelinesAndScriptsInOneSlotWorkAndCrossSlotOnesAreRefused() async throws {
    try await withCluster { cluster, client in

      let replies = try await client.pipeline([
        ["SET", "{order-7}:a", "1"], ["INCR", "{order-7}:b"],
        ["MGET", "{order-7}:a", "{order-7}:b"],
        ["PING"],
      ])
      #expect(replies[3] == .status("PONG"))
      #expect(replies[2] == .array([.bulk(Array("1".utf8)), .bulk(Array("1".utf8))]))

      // A script over two keys with one hash tag, followed by WAIT on the same connection: the
      // replica of that slot's primary acknowledges.
      let script = RedisScript(
        "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[2], ARGV[2])")
      let results = try await client.evaluate(
        script, keys: ["{order-7}:c", "{order-7}:b"],
        arguments: [Array("x".utf8), Array("41".utf8)], followedBy: [["WAIT", "1", "2000"]])
      #expect(results[0] == .integer(42))
      #expect(results[1] == .integer(1))
      #expect(try await client.send(["GET", "{order-7}:c"]).string == "x")

      await #expect(throws: RedisError.self) {
        _ = try await client.pipeline([["SET", "foo", "1"], ["SET", "bar", "2"]])
      }
      do {
        _ = try await client.evaluate(script, keys: ["foo", "bar"], arguments: [[], []])
        Issue.record("a script across slots was sent")
      } catch {
        guard case .crossSlot(let detail) = error as? RedisError else {
          Issue.record("expected crossSlot, got \(error)")
          return
        }
        #expect(detail.contains("foo") && detail.contains("bar"))
      }
      // Refused before sending: neither key exists.
      #expect(try await client.send(["EXISTS", "foo"]) == .integer(0))
    }
  }

  @Test func aBlockingStreamReadWaitsOnTheNodeOfItsKey() async throws {
    try await withCluster { cluster, client in
      let queue = JobQueue(client: client)
      try await queue.prepare(handler: "loyalty")

      async let entries = queue.read(
        handler: "loyalty", consumer: "worker-1", count: 1, block: .seconds(3))
      try await Task.sleep(for: .milliseconds(300))
      _ = try await client.send(["XADD", RedisKeys().jobs(handler: "loyalty"), "*", "job", "blob"])
      let read = try await entries
      #expect(read.map(\.blob) == [Array("blob".utf8)])
    }
  }

  @Test func askAndMovedAreFollowedWhileASlotMigrates() async throws {
    try await withCluster { cluster, client in
      let slot = ClusterKeySlot.slot(of: "migrating")
      #expect(try await client.send(["SET", "{migrating}:a", "A"]) == .status("OK"))
      #expect(try await client.send(["SET", "{migrating}:b", "B"]) == .status("OK"))

      let source = try await cluster.shard(ofSlot: slot).primary
      let target = try await cluster.shard(ofSlot: (slot + 8192) % 16384).primary
      let sourceID = try await cluster.nodeID(source)
      let targetID = try await cluster.nodeID(target)
      _ = try await cluster.send(
        target, ["CLUSTER", "SETSLOT", String(slot), "IMPORTING", sourceID]
      ).throwingOnError()
      _ = try await cluster.send(
        source, ["CLUSTER", "SETSLOT", String(slot), "MIGRATING", targetID]
      ).throwingOnError()
      _ = try await cluster.send(
        source, ["MIGRATE", "127.0.0.1", String(target), "", "0", "5000", "KEYS", "{migrating}:a"]
      ).throwingOnError()

      // Mid-migration: the moved key is answered through ASK, the other one by the source.
      #expect(try await client.send(["GET", "{migrating}:a"]).string == "A")
      #expect(try await client.send(["GET", "{migrating}:b"]).string == "B")
      #expect(client.clusterStatistics?.askFollowed == 1)
      #expect(client.clusterStatistics?.movedFollowed == 0)
      // Both keys at once, split between the nodes: the source answers TRYAGAIN for as long
      // as the migration lasts; the client retries a bounded number of times, then hands
      // the error reply back.
      let split = try await client.send(["MGET", "{migrating}:a", "{migrating}:b"])
      #expect(split.errorMessage?.hasPrefix("TRYAGAIN") == true)
      #expect(client.clusterStatistics?.retries == ClusterRetryPlan.maxRedirects)

      _ = try await cluster.send(
        source, ["MIGRATE", "127.0.0.1", String(target), "", "0", "5000", "KEYS", "{migrating}:b"]
      ).throwingOnError()
      for port in [target, source] {
        _ = try await cluster.send(port, ["CLUSTER", "SETSLOT", String(slot), "NODE", targetID])
          .throwingOnError()
      }
      // The slot is the target's now: the client's map is stale, the source answers MOVED.
      #expect(try await client.send(["GET", "{migrating}:b"]).string == "B")
      #expect(client.clusterStatistics?.movedFollowed == 1)
      // The map was patched: the next command goes straight to the target.
      #expect(try await client.send(["SET", "{migrating}:c", "C"]) == .status("OK"))
      #expect(client.clusterStatistics?.movedFollowed == 1)
      #expect(try await cluster.send(target, ["GET", "{migrating}:c"]).string == "C")
      let together = try await client.send(["MGET", "{migrating}:a", "{migrating}:b"])
      #expect(together == .array([.bulk(Array("A".utf8)), .bulk(Array("B".utf8))]))
    }
  }

  @Test func aManualFailoverIsFollowedToTheNewPrimary() async throws {
    try await withCluster { cluster, client in
      #expect(try await client.send(["SET", "foo", "before"]) == .status("OK"))
      let (primary, replicas) = try await cluster.shard(ofSlot: ClusterKeySlot.slot(of: "foo"))
      let replica = try #require(replicas.first)

      _ = try await cluster.send(replica, ["CLUSTER", "FAILOVER"]).throwingOnError()
      let swapped = await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
        let replicaRole = await cluster.role(replica)
        let primaryRole = await cluster.role(primary)
        return replicaRole == "master" && primaryRole == "slave"
      }
      try #require(swapped)

      // The client still sends "foo" to the old primary, now a replica, which redirects.
      #expect(try await client.send(["SET", "foo", "after"]) == .status("OK"))
      #expect(try await cluster.send(replica, ["GET", "foo"]).string == "after")
      #expect((client.clusterStatistics?.movedFollowed ?? 0) >= 1)
    }
  }

  @Test func commandsSucceedAgainAfterAPrimaryIsKilledAndItsReplicaPromoted() async throws {
    try await withCluster { cluster, client in
      #expect(try await client.send(["SET", "foo", "before"]) == .status("OK"))
      let (primary, replicas) = try await cluster.shard(ofSlot: ClusterKeySlot.slot(of: "foo"))
      let replica = try #require(replicas.first)
      // The write reached the replica before the kill, so the promoted replica still has it.
      _ = try await cluster.send(primary, ["WAIT", "1", "2000"])

      await cluster.kill(primary)
      let started = ContinuousClock.now
      let recovered = await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
        guard (try? await client.send(["SET", "bar", "after"])) == .status("OK") else {
          return false
        }
        return (try? await client.send(["GET", "foo"]))?.string == "before"
      }
      #expect(recovered, "no success within 20 s of the kill")
      #expect(ContinuousClock.now - started < .seconds(20))
      #expect(await cluster.role(replica) == "master")
      #expect(try await client.send(["SET", "foo", "after"]) == .status("OK"))
      #expect(try await cluster.send(replica, ["GET", "foo"]).string == "after")
      #expect((client.clusterStatistics?.mapRefreshes ?? 0) >= 2)
    }
  }
}

extension RedisValue {
  var errorMessage: String? {
    if case .error(let message) = self { return message }
    return nil
  }
}
