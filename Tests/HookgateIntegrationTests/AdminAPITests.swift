import Foundation
import HookgateCore
import HookgateServer
import Testing

@Suite("Admin API", .serialized)
struct AdminAPITests {
  /// Every route that needs the token, with its placeholders filled.
  static let protectedCalls: [(method: String, path: String)] = AdminRoutes.routes
    .filter(\.needsToken)
    .map { route in
      (
        route.method.rawValue,
        route.path.replacingOccurrences(of: "{id}", with: "evt_0")
          .replacingOccurrences(of: "{handler}", with: "loyalty")
      )
    }

  @Test func everyDataEndpointRefusesAMissingOrWrongToken() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let admin = AdminClient(fixture)
      #expect(Self.protectedCalls.count == 9)
      for call in Self.protectedCalls {
        for token in [nil, "wrong-token", AdminClient.token + "x", ""] as [String?] {
          let reply = try await admin.request(call.method, call.path, body: nil, token: token)
          #expect(reply.status == 401, "\(call.method) \(call.path) with \(token ?? "no token")")
          #expect(reply.reason == "unauthorized")
        }
      }
      // Pausing without the token changed nothing.
      #expect(try await fixture.client.send(["EXISTS", "hookgate:paused:loyalty"]).integer == 0)
      // The page and its assets load without it; the data behind it does not.
      for path in [
        "/admin", "/admin/", "/admin/dashboard.js", "/admin/dashboard.css", "/admin/openapi.yaml",
      ] {
        let reply = try await admin.request("GET", path, token: nil)
        #expect(reply.status == 200, "\(path)")
      }
      #expect(try await admin.get("/admin/handlers").status == 200)
      // Unknown admin paths: 401 without the token, a JSON 404 with it.
      #expect(try await admin.request("GET", "/admin/nope", token: nil).status == 401)
      let unknown = try await admin.get("/admin/nope/deeper")
      #expect(unknown.status == 404)
      #expect(unknown.reason == "not_found")
    }
  }

  @Test func anotherSitesPageCannotDriveTheAPIFromABrowser() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let admin = AdminClient(fixture)
      let forged = try await admin.request(
        "POST", "/admin/handlers/loyalty/pause", headers: ["Origin: http://evil.example"])
      #expect(forged.status == 403)
      #expect(try await fixture.client.send(["EXISTS", "hookgate:paused:loyalty"]).integer == 0)
      let own = try await admin.request(
        "POST", "/admin/handlers/loyalty/pause",
        headers: ["Origin: http://127.0.0.1:\(fixture.gateway.adminPort)"])
      #expect(own.status == 200)
    }
  }

  @Test func withoutATokenTheLoopbackAPIAnswersOnlyToALoopbackHost() async throws {
    try await GatewayFixture.with(GatewayFixture.Setup()) { fixture in
      let admin = AdminClient(fixture)
      #expect(try await admin.request("GET", "/admin/handlers", token: nil).status == 200)
      // A page on a name that resolves to 127.0.0.1 (DNS rebinding) is refused.
      let rebound = try await admin.request(
        "GET", "/admin/handlers", token: nil, headers: ["Host: rebind.example:9090"])
      #expect(rebound.status == 403)
      #expect(rebound.reason == "forbidden")
    }
  }

  @Test func eventsAreListedNewestFirstAndPagesHoldStillWhileNewEventsArrive() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let admin = AdminClient(fixture)
      var ids: [String] = []
      for n in 1...5 {
        let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_page_\(n)"))
        ids.append(try #require(reply.eventID))
      }
      // A duplicate is not a new event.
      _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_page_3"))

      let first = try await admin.get("/admin/events?limit=2")
      #expect(first.status == 200)
      #expect(first.items.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
      let cursor = try #require(first.nextCursor)
      #expect(first.items.first?["type"]?.stringValue == "payment.succeeded")
      #expect(first.items.first?["tenant"]?.stringValue == "acme")
      #expect(first.items.first?["handlers"] == .array([.string("loyalty")]))

      // New events arrive between pages: they are newer than the cursor, so they do not
      // shift what the next page holds.
      for n in 6...7 {
        _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_page_\(n)"))
      }
      let second = try await admin.get("/admin/events?limit=2&cursor=\(cursor)")
      #expect(second.items.compactMap { $0["id"]?.stringValue } == [ids[2], ids[1]])
      let third = try await admin.get(
        "/admin/events?limit=2&cursor=\(try #require(second.nextCursor))")
      #expect(third.items.compactMap { $0["id"]?.stringValue } == [ids[0]])
      #expect(third.json?["next_cursor"] == .null)

      let all = try await admin.get("/admin/events?limit=50")
      #expect(all.items.count == 7)
      #expect(try await admin.get("/admin/events?type=payment.failed").items.isEmpty)
      #expect(try await admin.get("/admin/events?tenant=acme&source=stripe").items.count == 7)
      #expect(try await admin.get("/admin/events?source=billing").items.isEmpty)

      let bad = try await admin.get("/admin/events?limit=0")
      #expect(bad.status == 400)
      #expect(bad.reason == "bad_limit")
      #expect(try await admin.get("/admin/events?cursor=nope").reason == "bad_cursor")
      #expect(try await admin.get("/admin/events?status=failed").reason == "bad_status")
    }
  }

  @Test func statusIsDerivedFromTheAttemptLog() async throws {
    // The delivery workers write the attempt log: loyalty refuses evt_s2 until its attempts
    // run out (schedule [200ms, 400ms]: three attempts), audit takes everything.
    let loyalty = Receiver.Script(byMarker: ["evt_s2": [500, 500, 500]])
    try await GatewayFixture.with(.admin(handlers: ["loyalty": loyalty, "audit": .init()])) {
      fixture in
      let admin = AdminClient(fixture)
      let ok = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_s1")).eventID)
      let doomed = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_s2")).eventID)
      #expect(
        await eventually {
          let page = try? await admin.get("/admin/events?status=dead")
          return page?.items.compactMap { $0["id"]?.stringValue } == [doomed]
        })
      let dead = try await admin.get("/admin/events?status=dead")
      #expect(dead.items.compactMap { $0["id"]?.stringValue } == [doomed])
      let deliveries = dead.items.first?["deliveries"]
      #expect(deliveries?[0]?["handler"]?.stringValue == "audit")
      #expect(deliveries?[1]?["state"]?.stringValue == "dead")
      #expect(deliveries?[1]?["last_error"]?.stringValue?.contains("500") == true)
      let delivered = try await admin.get("/admin/events?status=delivered")
      #expect(delivered.items.compactMap { $0["id"]?.stringValue } == [ok])

      let detail = try await admin.get("/admin/events/\(doomed)")
      #expect(detail.status == 200)
      #expect(detail.json?["status"]?.stringValue == "dead")
      #expect(detail.json?["envelope"]?["id"]?.stringValue == doomed)
      #expect(detail.json?["envelope"]?["payload"]?["id"]?.stringValue == "evt_s2")
      let loyalty = detail.json?["deliveries"]?[1]
      #expect(loyalty?["handler"]?.stringValue == "loyalty")
      if case .array(let attempts)? = loyalty?["attempts"] {
        #expect(attempts.map { $0["outcome"]?.stringValue } == ["retry", "retry", "dead"])
      } else {
        Issue.record("no attempts in \(detail.text)")
      }
      let missing = try await admin.get("/admin/events/evt_unknown")
      #expect(missing.status == 404)
      #expect(missing.reason == "unknown_event")
    }
  }

  @Test func replayDeliversTheStoredEnvelopeAgainWithTheSameWebhookID() async throws {
    try await GatewayFixture.with(.admin(handlers: ["loyalty": .init(), "audit": .init()])) {
      fixture in
      let admin = AdminClient(fixture)
      let eventID = try #require(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_replay")).eventID)
      #expect(await eventually { fixture["loyalty"].count == 1 && fixture["audit"].count == 1 })

      let all = try await admin.post("/admin/events/\(eventID)/replay")
      #expect(all.status == 202)
      var replayed: [String] = []
      if case .array(let names)? = all.json?["replayed"] {
        replayed = names.compactMap(\.stringValue)
      }
      #expect(replayed.sorted() == ["audit", "loyalty"])
      #expect(await eventually { fixture["loyalty"].count == 2 && fixture["audit"].count == 2 })

      let one = try await admin.post("/admin/events/\(eventID)/replay?handler=loyalty")
      #expect(one.status == 202)
      #expect(await eventually { fixture["loyalty"].count == 3 })
      try await Task.sleep(for: .milliseconds(500))
      #expect(fixture["audit"].count == 2)

      let deliveries = fixture["loyalty"].deliveries
      #expect(Set(deliveries.compactMap(\.webhookID)) == [eventID])
      #expect(Set(deliveries.map(\.body)).count == 1)
      #expect(deliveries.allSatisfy { standardWebhooksSignatureIsValid($0) })

      let notRouted = try await admin.post("/admin/events/\(eventID)/replay?handler=billing")
      #expect(notRouted.status == 409)
      #expect(notRouted.reason == "not_routed")
      #expect(try await admin.post("/admin/events/evt_nope/replay").status == 404)
    }
  }

  @Test func handlersShowTheirQueuesAndArePausedAndResumed() async throws {
    try await GatewayFixture.with(
      .admin(
        handlers: ["loyalty": .init(), "audit": .init(otherwise: 500)],
        tuning: .init(schedule: "[10m]"))
    ) { fixture in
      let admin = AdminClient(fixture)
      for n in 1...3 {
        _ = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_h\(n)"))
      }
      // audit fails each first attempt: its jobs wait ten minutes for the retry.
      #expect(
        await eventually {
          let reply = try? await admin.get("/admin/handlers")
          return reply?.items.first?["backlog"]?["retrying"]?.scalarText == "3"
        })
      let handlers = try await admin.get("/admin/handlers")
      #expect(handlers.items.compactMap { $0["name"]?.stringValue } == ["audit", "loyalty"])
      #expect(handlers.json?["next_cursor"] == .null)
      let audit = try #require(handlers.items.first)
      #expect(audit["health"]?.stringValue == "degraded")
      #expect(audit["last_error"]?.stringValue?.contains("500") == true)
      #expect(audit["breaker"]?["state"]?.stringValue == "closed")
      #expect(audit["paused"] == .null)
      #expect(audit["in_flight"]?.scalarText == "0")
      #expect(audit["read_total"]?.scalarText == "3")
      #expect(audit["rate_limit"] == .null)
      let loyalty = try #require(handlers.items.last)
      #expect(loyalty["health"]?.stringValue == "ok")
      #expect(loyalty["backlog"]?["queued"]?.scalarText == "0")

      let paused = try await admin.post(
        "/admin/handlers/loyalty/pause", body: #"{"reason": "deploy"}"#)
      #expect(paused.status == 200)
      #expect(paused.json?["paused"]?["reason"]?.stringValue == "deploy")
      #expect(paused.json?["health"]?.stringValue == "paused")
      let stored = try await fixture.client.send(["GET", "hookgate:paused:loyalty"]).string ?? ""
      #expect(stored.contains("\"reason\":\"deploy\""))
      let listed = try await admin.get("/admin/handlers")
      #expect(listed.items.last?["paused"]?["since"]?.stringValue?.hasSuffix("Z") == true)

      let resumed = try await admin.post("/admin/handlers/loyalty/resume")
      #expect(resumed.json?["was_paused"] == .bool(true))
      #expect(resumed.json?["paused"] == .null)
      #expect(
        try await admin.post("/admin/handlers/loyalty/resume").json?["was_paused"] == .bool(false))
      #expect(try await fixture.client.send(["EXISTS", "hookgate:paused:loyalty"]).integer == 0)

      #expect(try await admin.post("/admin/handlers/nope/pause").status == 404)
      #expect(try await admin.post("/admin/handlers/loyalty/pause", body: "{").reason == "bad_json")

      // The breaker hash, as the flow-control side publishes it.
      _ = try await fixture.client.send([
        "HSET", "hookgate:breaker:audit", "state", "open", "since", "2026-11-23T22:00:00Z",
        "failures", "5",
      ])
      let open = try await admin.get("/admin/handlers")
      #expect(open.items.first?["health"]?.stringValue == "open")
      #expect(open.items.first?["breaker"]?["failures"]?.scalarText == "5")
    }
  }

  @Test func deadLettersAreListedAndReplayedToARealReceiver() async throws {
    try await GatewayFixture.with(
      .admin(
        handlers: ["loyalty": .init(otherwise: 500), "audit": .init(otherwise: 500)],
        tuning: .init(schedule: "[100ms]"))
    ) { fixture in
      let admin = AdminClient(fixture)
      var ids: [String] = []
      for n in 1...3 {
        ids.append(
          try #require(
            try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_d\(n)")).eventID))
      }
      #expect(
        await eventually(timeout: .seconds(15)) {
          (try? await admin.get("/admin/dead-letters?limit=200"))?.items.count == 6
        })
      let loyaltyPage = try await admin.get("/admin/dead-letters?handler=loyalty&limit=2")
      #expect(loyaltyPage.items.count == 2)
      let rest = try await admin.get(
        "/admin/dead-letters?handler=loyalty&limit=2&cursor=\(try #require(loyaltyPage.nextCursor))"
      )
      #expect(rest.items.count == 1)
      #expect(rest.json?["next_cursor"] == .null)
      let loyaltyDead = loyaltyPage.items + rest.items
      #expect(Set(loyaltyDead.compactMap { $0["event_id"]?.stringValue }) == Set(ids))
      #expect(loyaltyDead.allSatisfy { $0["last_error"]?.stringValue?.contains("500") == true })
      #expect(loyaltyDead.first?["attempts"]?.scalarText == "2")

      // Across handlers, pages of 4 then 2, no item twice.
      let first = try await admin.get("/admin/dead-letters?limit=4")
      let second = try await admin.get(
        "/admin/dead-letters?limit=4&cursor=\(try #require(first.nextCursor))")
      #expect(first.items.count == 4)
      #expect(second.items.count == 2)
      #expect(second.json?["next_cursor"] == .null)
      let keys = (first.items + second.items).map {
        "\($0["handler"]?.stringValue ?? "")/\($0["id"]?.stringValue ?? "")"
      }
      #expect(Set(keys).count == 6)

      fixture["loyalty"].answer(with: .init())
      fixture["audit"].answer(with: .init())
      let deliveredBefore = fixture["loyalty"].count
      let oneID = try #require(loyaltyDead.first?["id"]?.stringValue)
      let one = try await admin.post(
        "/admin/dead-letters/replay", body: #"{"handler": "loyalty", "ids": ["\#(oneID)"]}"#)
      #expect(one.json?["replayed"]?.scalarText == "1")
      #expect(await eventually { fixture["loyalty"].count == deliveredBefore + 1 })
      let replayedTo = fixture["loyalty"].deliveries.last
      #expect(replayedTo?.status == 200)
      #expect(replayedTo?.webhookID == loyaltyDead.first?["event_id"]?.stringValue)

      let all = try await admin.post(
        "/admin/dead-letters/replay", body: #"{"handler": "audit", "all": true}"#)
      #expect(all.json?["replayed"]?.scalarText == "3")
      #expect(
        await eventually { fixture["audit"].deliveries.filter { $0.status == 200 }.count == 3 })
      #expect(
        Set(fixture["audit"].deliveries.filter { $0.status == 200 }.compactMap(\.webhookID))
          == Set(ids))
      #expect(try await admin.get("/admin/dead-letters?handler=audit").items.isEmpty)

      let neither = try await admin.post(
        "/admin/dead-letters/replay", body: #"{"handler": "audit"}"#)
      #expect(neither.status == 400)
      let unknown = try await admin.post(
        "/admin/dead-letters/replay", body: #"{"handler": "x", "all": true}"#)
      #expect(unknown.status == 404)
    }
  }

  @Test func configShowsTheActiveRoutesWithEverySecretRedacted() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let reply = try await AdminClient(fixture).get("/admin/config")
      #expect(reply.status == 200)
      for secret in TestConfig.secrets.values {
        #expect(!reply.text.contains(secret))
      }
      #expect(!reply.text.contains(AdminClient.token))
      #expect(reply.json?["routes"]?[0]?["name"]?.stringValue == "payments")
      #expect(reply.json?["handlers"]?[0]?["name"]?.stringValue == "loyalty")
      #expect(reply.json?["handlers"]?[0]?["secret"]?["value"]?.stringValue == "[redacted]")
      #expect(reply.json?["loaded_at"]?.stringValue?.hasSuffix("Z") == true)
    }
  }
}
