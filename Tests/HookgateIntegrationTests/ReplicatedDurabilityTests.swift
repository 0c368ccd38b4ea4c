import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// `durability: replicated`: a 2xx only once the accept is on a replica, and a provider's
/// retry of an accept whose `WAIT` timed out is not answered 2xx before that either — even
/// when the retry lands on another gateway instance, whose connection wrote nothing yet.
@Suite("Replicated durability", .serialized)
struct ReplicatedDurabilityTests {
  @Test func aRetryIsAnsweredOnlyOnceTheFirstAcceptIsReplicated() async throws {
    let primary = try await RedisServerProcess.launch()
    let replica = try await RedisServerProcess.launch()
    try await follow(replica, primary)
    let durability = Durability.replicated(replicas: 1, timeout: .milliseconds(300))
    // Two gateway instances: separate clients, separate connections.
    let first = RedisClient(configuration: .init(url: primary.url, connections: 2))
    let second = RedisClient(configuration: .init(url: primary.url, connections: 2))
    func accept(_ id: String, via client: RedisClient) async -> [Bool]? {
      let job = DeliveryJob(
        eventID: id, handler: "loyalty", acceptedAtMilliseconds: 1, envelope: Array("{}".utf8))
      let event = AcceptStore.Pending(eventID: id, jobs: [job], unroutedRecord: Array("{}".utf8))
      return try? await AcceptStore(client: client).accept(
        [event], dedupeWindow: .seconds(60), durability: durability)
    }

    #expect(await accept("evt_replicated", via: first) == [true])

    // The replica stays connected but stops acknowledging: the accept is written on the
    // primary and not confirmed (the provider gets a 503)…
    replica.freeze()
    #expect(await accept("evt_unconfirmed", via: first) == nil)
    // …and its retry, arriving at the other instance, is not confirmed either.
    #expect(await accept("evt_unconfirmed", via: second) == nil)

    // Once the replica catches up, the retry is recognised as the same accept.
    replica.thaw()
    let confirmed = await eventually(timeout: .seconds(10)) {
      await accept("evt_unconfirmed", via: second) == [false]
    }
    #expect(confirmed)
    let jobs = try await first.send(["XLEN", "hookgate:jobs:loyalty"]).integer
    #expect(jobs == 2, "one job per event, none for the retries")

    await first.shutdown()
    await second.shutdown()
    await replica.stop()
    await primary.stop()
  }

  /// Makes `replica` replicate `primary` and waits until the link is up.
  private func follow(_ replica: RedisServerProcess, _ primary: RedisServerProcess) async throws {
    let client = RedisClient(configuration: .init(url: replica.url, connections: 1))
    _ = try await client.send(["REPLICAOF", "127.0.0.1", String(primary.port)]).throwingOnError()
    let linked = await eventually(timeout: .seconds(15)) {
      let info = (try? await client.send(["INFO", "replication"]))?.string ?? ""
      return info.contains("master_link_status:up")
    }
    await client.shutdown()
    try #require(linked, "the replica did not sync")
  }
}
