import Foundation
import HookgateCore
import HookgateRedis
import Testing

@Suite("Attempt log", .serialized)
struct AttemptLogTests {
  @Test func retriedThenDeliveredEventKeepsEveryAttemptWithStatusErrorAndCutBody() async throws {
    // 1500 bytes: the log must keep exactly the first 1024.
    let body = String(repeating: "0123456789abcde\n", count: 94) + "tail-that-is-cut"
    let script = Receiver.Script(statuses: [500, 503], responseBody: body)
    try await GatewayFixture.with(
      handlers: ["loyalty": script], tuning: .init(schedule: "[100ms, 100ms, 100ms]")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_logged"))
      let eventID = try #require(reply.eventID)
      #expect(await eventually { fixture["loyalty"].deliveries.contains { $0.status == 200 } })

      let queue = JobQueue(client: fixture.client)
      var records: [JSONValue] = []
      #expect(
        await eventually {
          let log = (try? await queue.attempts(eventID: eventID)) ?? []
          records = log.compactMap { try? JSONParser.parse(Array($0.utf8)) }
          return records.count == 3
        })
      #expect(records.map { $0["handler"]?.stringValue } == ["loyalty", "loyalty", "loyalty"])
      #expect(records.map { $0["attempt"]?.scalarText } == ["1", "2", "3"])
      #expect(records.map { $0["status"]?.scalarText } == ["500", "503", "200"])
      #expect(records.map { $0["outcome"]?.stringValue } == ["retry", "retry", "delivered"])
      #expect(records.map { $0["error"] } == [.string("HTTP 500"), .string("HTTP 503"), .null])
      for record in records {
        let response = try #require(record["response"]?.stringValue)
        #expect(Array(response.utf8) == Array(body.utf8.prefix(1024)))
        let latency = try #require(record["latency_ms"]?.scalarText.flatMap { Int($0) })
        #expect(latency >= 0 && latency < 5000)
        let at = try #require(record["at"]?.stringValue)
        #expect(at.hasSuffix("Z") && at.contains("."), "\(at) is RFC 3339 UTC with ms")
        #expect(Timestamp.epochMilliseconds(iso8601: at) != nil)
      }
      let times = records.compactMap {
        $0["at"]?.stringValue.flatMap { Timestamp.epochMilliseconds(iso8601: $0) }
      }
      #expect(times == times.sorted())

      // Kept for the default week, from the latest attempt.
      let ttl = try await fixture.client.send(["TTL", "hookgate:attempts:\(eventID)"]).integer
      #expect((6 * 86_400...7 * 86_400).contains(ttl ?? -1))
    }
  }

  @Test func unreachableHandlerIsLoggedWithTheTransportErrorAndNoStatus() async throws {
    try await GatewayFixture.with(
      handlers: ["loyalty": .init()], startReceivers: false,
      tuning: .init(schedule: "[100ms]")
    ) { fixture in
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_nowhere"))
      let eventID = try #require(reply.eventID)
      let queue = JobQueue(client: fixture.client)
      var records: [JSONValue] = []
      #expect(
        await eventually {
          let log = (try? await queue.attempts(eventID: eventID)) ?? []
          records = log.compactMap { try? JSONParser.parse(Array($0.utf8)) }
          return records.count == 2
        })
      #expect(records.map { $0["outcome"]?.stringValue } == ["retry", "dead"])
      #expect(records.map { $0["status"] } == [.null, .null])
      for record in records {
        #expect(record["error"]?.stringValue?.hasPrefix("connection_refused") == true)
        #expect(record["response"] == .string(""))
      }
    }
  }
}
