import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// A gateway whose tenants are spread over four partitions on one Redis: the admin API lists,
/// shows and replays across all of them, and the partition count is fixed once data exists.
@Suite("Admin API over partitions", .serialized)
struct PartitionedAdminTests {
  static let layout = try! PartitionLayout(count: 4, cluster: false)

  static func setup() -> GatewayFixture.Setup {
    var setup = GatewayFixture.Setup.admin()
    setup.environment["HOOKGATE_PARTITIONS"] = "4"
    return setup
  }

  /// Accepts one event per tenant straight into the store, a few milliseconds apart so that
  /// acceptance order is the newest-first order the API must give.
  static func acceptSpread(_ fixture: GatewayFixture, count: Int) async throws -> [String] {
    let store = AcceptStore(client: fixture.client, layout: layout)
    var ids: [String] = []
    for index in 0..<count {
      let id = "evt_part_\(index)"
      let tenant = "tenant-\(index)"
      let envelope = Array(#"{"id":"\#(id)","tenant":"\#(tenant)","source":"stripe"}"#.utf8)
      let job = DeliveryJob(
        eventID: id, handler: "loyalty", acceptedAtMilliseconds: 1, envelope: envelope)
      let event = AcceptStore.Pending(
        eventID: id, jobs: [job], unroutedRecord: envelope, tenant: tenant, source: "stripe",
        type: "payment.succeeded")
      #expect(
        try await store.accept([event], dedupeWindow: .seconds(600), durability: .local) == [true])
      ids.append(id)
      try await Task.sleep(for: .milliseconds(3))
    }
    return ids
  }

  @Test func eventsOfEveryPartitionArePagedNewestFirstAndDelivered() async throws {
    try await GatewayFixture.with(Self.setup()) { fixture in
      let ids = try await Self.acceptSpread(fixture, count: 13)
      let partitions = Set((0..<13).map { Self.layout.partition(ofTenant: "tenant-\($0)") })
      #expect(partitions.count > 1, "the tenants should spread over partitions")

      var listed: [String] = []
      var cursor: String? = nil
      repeat {
        let page = try await AdminClient(fixture).get(
          "/admin/events?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
        #expect(page.status == 200)
        listed += page.items.compactMap { $0["id"]?.stringValue }
        cursor = page.nextCursor
      } while cursor != nil && listed.count < 30
      #expect(listed == ids.reversed())

      // Every partition's jobs are read and delivered.
      #expect(
        await eventually { Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)) == Set(ids) })
      let detail = try await AdminClient(fixture).get("/admin/events/\(ids[5])")
      #expect(detail.status == 200)
      #expect(detail.json?["envelope"]?["tenant"]?.stringValue == "tenant-5")
      #expect(
        await eventually {
          let shown = try? await AdminClient(fixture).get("/admin/events/\(ids[5])")
          return shown?.json?["status"]?.stringValue == "delivered"
        })
      let replay = try await AdminClient(fixture).post("/admin/events/\(ids[5])/replay")
      #expect(replay.status == 202)
      #expect(
        await eventually {
          fixture["loyalty"].deliveries.filter { $0.webhookID == ids[5] }.count == 2
        }
      )
      let bad = try await AdminClient(fixture).get("/admin/events?cursor=1-0~9")
      #expect(bad.status == 400)
    }
  }

  /// Buries one dead letter per tenant, in their partitions; returns their event ids.
  static func buryDeadLetters(_ fixture: GatewayFixture, count: Int) async throws -> [String] {
    let queues = QueuePartitions(client: fixture.client, layout: layout)
    var buried: [String] = []
    for index in 0..<count {
      let job = DeliveryJob(
        eventID: "evt_dead_\(index)", handler: "loyalty", attempts: 5, acceptedAtMilliseconds: 1,
        lastError: "HTTP 500", envelope: Array(#"{"id":"evt_dead_\#(index)"}"#.utf8))
      try await queues.queue(forTenant: "tenant-\(index)").bury(
        handler: "loyalty", entryID: "0-1", blob: job.encoded())
      buried.append(job.eventID)
      try await Task.sleep(for: .milliseconds(3))
    }
    return buried
  }

  @Test func theReplayCommandReadsEveryPartition() async throws {
    try await GatewayFixture.with(Self.setup()) { fixture in
      let buried = try await Self.buryDeadLetters(fixture, count: 7)
      var environment = TestConfig.secrets
      environment["REDIS_URL"] = fixture.redis.urlString
      let output = try await runHookgate(
        ["replay", "--handler", "loyalty", "--all"], environment: environment)
      #expect(output.contains("replayed 7 dead letters of loyalty"), "\(output)")
      #expect(
        await eventually {
          Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)) == Set(buried)
        })
    }
  }

  @Test func deadLettersOfEveryPartitionAreListedAndReplayedByTheirIDs() async throws {
    try await GatewayFixture.with(Self.setup()) { fixture in
      let queues = QueuePartitions(client: fixture.client, layout: Self.layout)
      let buried = try await Self.buryDeadLetters(fixture, count: 7)
      var listed: [(id: String, event: String)] = []
      var cursor: String? = nil
      repeat {
        let page = try await AdminClient(fixture).get(
          "/admin/dead-letters?handler=loyalty&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
        #expect(page.status == 200)
        for item in page.items {
          listed.append((item["id"]?.stringValue ?? "", item["event_id"]?.stringValue ?? ""))
        }
        cursor = page.nextCursor
      } while cursor != nil && listed.count < 20
      #expect(listed.map(\.event) == buried.reversed())
      // Each id names its partition, which the replay uses.
      #expect(listed.allSatisfy { PartitionedStreamID($0.id).map { $0.id.description } != $0.id })
      let chosen = listed.prefix(3)
      let replay = try await AdminClient(fixture).post(
        "/admin/dead-letters/replay",
        body:
          #"{"handler":"loyalty","ids":[\#(chosen.map { "\"\($0.id)\"" }.joined(separator: ","))]}"#
      )
      #expect(replay.status == 200)
      #expect(replay.json?["replayed"] == .number("3"))
      #expect(
        await eventually {
          Set(fixture["loyalty"].deliveries.compactMap(\.webhookID)) == Set(chosen.map(\.event))
        })
      #expect(try await queues.backlog(handler: "loyalty").dead == 4)
    }
  }

  @Test func aGatewayRefusesAPartitionCountOtherThanTheStoredOne() async throws {
    try await GatewayFixture.with(Self.setup()) { fixture in
      var environment = TestConfig.secrets
      environment["REDIS_URL"] = fixture.redis.urlString
      environment["HOOKGATE_PARTITIONS"] = "2"
      let (output, status) = try await runHookgateWithStatus(
        [
          "serve", "--config", fixture.gateway.configPath, "--listen", "127.0.0.1:\(freePort())",
          "--admin-listen", "127.0.0.1:\(freePort())",
        ], environment: environment)
      #expect(status == 1)
      #expect(output.contains("Redis holds queues in 4 partitions"), "\(output)")
      #expect(try await fixture.client.send(["GET", "hookgate:layout"]).string == "4")
    }
  }
}
