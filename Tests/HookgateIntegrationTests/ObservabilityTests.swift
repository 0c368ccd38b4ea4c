import Foundation
import HookgateCore
import Testing

/// `/metrics` and the JSON logs, read after known traffic through a real gateway.
@Suite(.serialized) struct ObservabilityTests {
  @Test func metricsCountKnownTraffic() async throws {
    try await GatewayFixture.with { fixture in
      for index in 0..<3 {
        let body = TestConfig.stripeCharge(id: "evt_metrics_\(index)")
        #expect(try await fixture.sendStripe(body).status == 200)
      }
      let again = TestConfig.stripeCharge(id: "evt_metrics_0")
      #expect(try await fixture.sendStripe(again).isDuplicate == true)
      let forged = TestConfig.stripeCharge(id: "evt_metrics_forged")
      let refused = try await fixture.send(
        forged, headers: TestConfig.stripeHeaders(body: forged, secret: "whsec_wrong"))
      #expect(refused.status == 401)
      let unknown = try await fixture.http.request(
        "http://127.0.0.1:\(fixture.gateway.port)/webhooks/nobody/stripe", body: forged)
      #expect(unknown.status == 404)
      #expect(await eventually { fixture["loyalty"].count == 3 })

      let metrics = try await scrape(fixture)
      #expect(
        metrics[#"hookgate_requests_total{tenant="acme",source="stripe",status="200"}"#] == 4,
        "\(metrics)")
      #expect(metrics[#"hookgate_requests_total{tenant="acme",source="stripe",status="401"}"#] == 1)
      #expect(
        metrics[#"hookgate_requests_total{tenant="unknown",source="unknown",status="404"}"#] == 1)
      #expect(metrics[#"hookgate_events_accepted_total{tenant="acme",source="stripe"}"#] == 3)
      #expect(metrics[#"hookgate_duplicates_total{tenant="acme",source="stripe"}"#] == 1)
      #expect(
        metrics[
          #"hookgate_verification_failures_total{tenant="acme",source="stripe",reason="signature_mismatch"}"#
        ] == 1)
      #expect(
        metrics[#"hookgate_accept_duration_seconds_count{tenant="acme",source="stripe"}"#] == 5)
      // The receiver counts a delivery before its 2xx reaches the worker: wait for the counter.
      let delivered = #"hookgate_deliveries_total{handler="loyalty",outcome="delivered"}"#
      #expect(await eventually { (try? await scrape(fixture)[delivered]) == 3 })
      let settled = try await scrape(fixture)
      #expect(settled[#"hookgate_end_to_end_seconds_count{handler="loyalty"}"#] == 3)
      #expect(settled[#"hookgate_delivery_duration_seconds_count{handler="loyalty"}"#] == 3)
      #expect(settled[#"hookgate_backlog_jobs{handler="loyalty",state="retrying"}"#] == 0)
    }
  }

  /// The executable links jemalloc (Sources/hookgate/Allocator.swift). The version in the
  /// starting line comes from jemalloc itself, so the binary under test runs on it.
  @Test func theStartingLineNamesTheAllocator() async throws {
    try await GatewayFixture.with { fixture in
      #expect(
        logged(
          fixture.gateway.logs, level: "info", containing: #""msg":"starting""#,
          #""allocator":"jemalloc "#), "\(fixture.gateway.logs.prefix(2000))")
    }
  }

  @Test func logsAreJSONLinesWithoutSecrets() async throws {
    try await GatewayFixture.with { fixture in
      let body = TestConfig.stripeCharge(id: "evt_logged")
      let accepted = try await fixture.sendStripe(body)
      #expect(accepted.status == 200)
      let forged = try await fixture.send(
        body, headers: TestConfig.stripeHeaders(body: body, secret: "whsec_forged_one"))
      #expect(forged.status == 401)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(200))

      let lines = fixture.gateway.logs.split(separator: "\n").filter { $0.first == "{" }
      #expect(!lines.isEmpty)
      let records = lines.compactMap { try? JSONParser.parse(Array($0.utf8)) }
      #expect(records.count == lines.count, "every log line is one JSON object")
      let acceptLine = records.first { $0["msg"]?.stringValue == "accepted" }
      #expect(acceptLine?["tenant"]?.stringValue == "acme")
      #expect(acceptLine?["source"]?.stringValue == "stripe")
      #expect(acceptLine?["event_id"]?.stringValue == accepted.eventID)
      #expect(acceptLine?["handlers"]?.stringValue == "loyalty")
      #expect(acceptLine?["latency_ms"] != nil)
      #expect(acceptLine?["level"]?.stringValue == "info")
      let refusal = records.first { $0["msg"]?.stringValue == "signature refused" }
      #expect(refusal?["reason"]?.stringValue == "signature_mismatch")

      // Neither the secrets in force nor the signatures presented reach the log.
      let signature = TestConfig.stripeHeaders(body: body).first { $0.name == "Stripe-Signature" }
      let secrets = Array(TestConfig.secrets.values) + ["whsec_forged_one"]
      for secret in secrets + [signature!.value] {
        #expect(!fixture.gateway.logs.contains(secret), "the log holds a secret or signature")
      }
    }
  }

  @Test func aFailedAttemptIsOneLogLineWithItsOriginStatusAndLatency() async throws {
    let setup = GatewayFixture.Setup(handlers: ["loyalty": .init(statuses: [500])])
    try await GatewayFixture.with(setup) { fixture in
      let accepted = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_fails_once"))
      #expect(await eventually { fixture["loyalty"].count == 2 })
      let lines = fixture.gateway.logs.split(separator: "\n").filter { $0.first == "{" }
      let failures = lines.compactMap { try? JSONParser.parse(Array($0.utf8)) }.filter {
        $0["msg"]?.stringValue == "attempt failed, will retry"
      }
      #expect(failures.count == 1)
      let line = failures.first
      #expect(line?["level"]?.stringValue == "warning")
      #expect(line?["event_id"]?.stringValue == accepted.eventID)
      #expect(line?["handler"]?.stringValue == "loyalty")
      #expect(line?["tenant"]?.stringValue == "acme")
      #expect(line?["source"]?.stringValue == "stripe")
      #expect(line?["status"]?.stringValue == "500")
      #expect(line?["latency_ms"] != nil)
    }
  }

  @Test func metricsShowTheBreakerAndConfigReloads() async throws {
    var setup = GatewayFixture.Setup(handlers: ["loyalty": .init(otherwise: 500)])
    setup.tuning.breaker = "{failures: 2, cooldown: 30s}"
    setup.tuning.schedule = "[100ms, 100ms, 100ms, 100ms]"
    try await GatewayFixture.with(setup) { fixture in
      let breaker = #"hookgate_breaker_state{handler="loyalty"}"#
      #expect(try await scrape(fixture)[breaker] == 0, "closed at start")
      #expect(
        try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_failing")).status == 200)
      #expect(await eventually { (try? await scrape(fixture)[breaker]) == 2 }, "open")

      // A refused reload is counted and flagged; the old configuration keeps serving.
      try fixture.rewriteConfig("version: 1\nrotues: []\n")
      let refused = #"hookgate_config_reloads_total{result="refused"}"#
      #expect(await eventually { (try? await scrape(fixture)[refused]) == 1 })
      #expect(try await scrape(fixture)["hookgate_config_last_reload_failed"] == 1)
      #expect(try await scrape(fixture)["hookgate_config_generation"] == 1)
    }
  }

  /// `GET /metrics`, parsed into `series{labels} → value`.
  private func scrape(_ fixture: GatewayFixture) async throws -> [String: Double] {
    let reply = try await fixture.http.fetch(
      "http://127.0.0.1:\(fixture.gateway.adminPort)/metrics")
    #expect(reply.status == 200)
    var series: [String: Double] = [:]
    for line in String(decoding: reply.body, as: UTF8.self).split(separator: "\n")
    where !line.hasPrefix("#") {
      guard let space = line.lastIndex(of: " "),
        let value = Double(line[line.index(after: space)...])
      else { continue }
      series[String(line[..<space])] = value
    }
    return series
  }
}
