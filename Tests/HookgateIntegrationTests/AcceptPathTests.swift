import Foundation
import HookgateCore
import Testing

@Suite("Accept path", .serialized)
struct AcceptPathTests {
  @Test func signedStripeEventReachesEachSubscribedHandlerOnceWithAVerifiableSignature()
    async throws
  {
    try await GatewayFixture.with(handlers: ["loyalty": .init(), "invoices": .init()]) { fixture in

      let body = TestConfig.stripeCharge(id: "evt_once")
      let reply = try await fixture.sendStripe(body)
      #expect(reply.status == 200)
      #expect(reply.isDuplicate == false)
      let eventID = try #require(reply.eventID)

      #expect(await eventually { fixture["loyalty"].count == 1 && fixture["invoices"].count == 1 })
      try await Task.sleep(for: .milliseconds(500))
      for name in ["loyalty", "invoices"] {
        let deliveries = fixture[name].deliveries
        #expect(deliveries.count == 1, "\(name) got \(deliveries.count) deliveries")
        let delivery = try #require(deliveries.first)
        #expect(delivery.webhookID == eventID)
        #expect(delivery.headers["content-type"] == "application/json")
        #expect(standardWebhooksSignatureIsValid(delivery))
        let envelope = try JSONParser.parse(delivery.body)
        #expect(envelope["id"] == .string(eventID))
        #expect(envelope["type"] == .string("payment.succeeded"))
        #expect(envelope["provider_event_id"] == .string("evt_once"))
        #expect(envelope["data"]?["amount"] == .string("150.00"))
        #expect(envelope["data"]?["currency"] == .string("RON"))
        #expect(envelope["data"]?["reference"] == .string("INV-001"))
        #expect(envelope["payload"] == (try JSONParser.parse(body)))
      }
    }
  }

  @Test func resentEventIsAcknowledgedAsDuplicateAndNotDeliveredAgain() async throws {
    try await GatewayFixture.with { fixture in

      let body = TestConfig.stripeCharge(id: "evt_resent")
      let first = try await fixture.sendStripe(body)
      let second = try await fixture.sendStripe(body)
      #expect(first.status == 200 && first.isDuplicate == false)
      #expect(second.status == 200 && second.isDuplicate == true)
      #expect(second.eventID == first.eventID)

      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(700))
      #expect(fixture["loyalty"].count == 1)
    }
  }

  @Test func twentyConcurrentCopiesYieldOneAcceptAndOneDelivery() async throws {
    try await GatewayFixture.with { fixture in

      let body = TestConfig.stripeCharge(id: "evt_storm")
      let replies = try await withThrowingTaskGroup(of: TestHTTP.Reply.self) { group in
        for _ in 0..<20 { group.addTask { try await fixture.sendStripe(body) } }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(replies.allSatisfy { $0.status == 200 })
      #expect(replies.filter { $0.isDuplicate == false }.count == 1)
      #expect(replies.filter { $0.isDuplicate == true }.count == 19)
      #expect(Set(replies.compactMap(\.eventID)).count == 1)

      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(700))
      #expect(fixture["loyalty"].count == 1)
    }
  }

  @Test func badSignaturesAreRefusedWith401AndStoreNothing() async throws {
    try await GatewayFixture.with { fixture in
      let before = try await fixture.storeSnapshot()

      let body = TestConfig.stripeCharge(id: "evt_forged")
      let now = Int64(Date().timeIntervalSince1970)
      let valid = StripeVerifier.signatureHeader(
        secret: TestConfig.stripeSecret, timestamp: now, body: body)
      let cases: [(String, [(name: String, value: String)], String)] = [
        (
          "wrong secret", TestConfig.stripeHeaders(body: body, secret: "whsec_wrong"),
          "signature_mismatch"
        ),
        (
          "expired", TestConfig.stripeHeaders(body: body, timestamp: now - 600),
          "timestamp_out_of_tolerance"
        ),
        (
          "from the future", TestConfig.stripeHeaders(body: body, timestamp: now + 600),
          "timestamp_out_of_tolerance"
        ),
        ("missing", [("Content-Type", "application/json")], "missing_signature"),
        ("garbled", [("Stripe-Signature", "t=abc,v1=zz")], "malformed_signature"),
        (
          "no timestamp",
          [("Stripe-Signature", valid.replacingOccurrences(of: "t=\(now),", with: ""))],
          "malformed_signature"
        ),
        ("odd-length hex", [("Stripe-Signature", "t=\(now),v1=abc")], "malformed_signature"),
      ]
      for (label, headers, reason) in cases {
        let reply = try await fixture.send(body, headers: headers)
        #expect(reply.status == 401, "\(label)")
        #expect(reply.reason == reason, "\(label): \(reply.reason ?? "no reason")")
        let text = String(decoding: reply.body, as: UTF8.self)
        #expect(!text.contains(TestConfig.stripeSecret), "\(label) echoed the secret")
      }
      var tampered = body
      tampered[tampered.count - 3] ^= 0x01
      let changed = try await fixture.send(tampered, headers: TestConfig.stripeHeaders(body: body))
      #expect(changed.status == 401)

      #expect(try await fixture.storeSnapshot() == before)
      try await Task.sleep(for: .milliseconds(300))
      #expect(fixture["loyalty"].count == 0)
      #expect(!fixture.gateway.logs.contains(TestConfig.stripeSecret))
    }
  }

  @Test func rotatedOutSecretStillVerifies() async throws {
    try await GatewayFixture.with { fixture in
      let body = TestConfig.stripeCharge(id: "evt_old_secret")
      let reply = try await fixture.send(
        body, headers: TestConfig.stripeHeaders(body: body, secret: TestConfig.oldStripeSecret))
      #expect(reply.status == 200)
    }
  }

  @Test func malformedRequestsGetTheirStatusAndStoreNothing() async throws {
    try await GatewayFixture.with { fixture in
      let before = try await fixture.storeSnapshot()

      let notJSON = Array("this is not json".utf8)
      let badBody = try await fixture.send(
        notJSON, headers: TestConfig.stripeHeaders(body: notJSON))
      #expect(badBody.status == 400)
      #expect(badBody.reason == "invalid_json")

      let noID = Array(#"{"type":"charge.succeeded"}"#.utf8)
      let missingID = try await fixture.send(noID, headers: TestConfig.stripeHeaders(body: noID))
      #expect(missingID.status == 400)

      let unknown = try await fixture.http.request(
        fixture.gateway.webhookURL(tenant: "nobody"), body: noID)
      #expect(unknown.status == 404)
      let unknownSource = try await fixture.http.request(
        fixture.gateway.webhookURL(source: "nothing"), body: noID)
      #expect(unknownSource.status == 404)

      let wrongMethod = try await fixture.http.request(fixture.gateway.webhookURL(), method: "GET")
      #expect(wrongMethod.status == 405)

      let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 65 * 1024)
      let tooLarge = try await fixture.send(huge, headers: TestConfig.stripeHeaders(body: huge))
      #expect(tooLarge.status == 413)

      #expect(try await fixture.storeSnapshot() == before)
      let health = try await fixture.http.request(
        "\(fixture.gateway.baseURL)/healthz", method: "GET")
      #expect(health.status == 200)
    }
  }

  @Test func billingSystemEventSignedWithHMACIsNormalizedAndDelivered() async throws {
    try await GatewayFixture.with { fixture in
      let body = Array(
        #"{"event":"sale.completed","invoice_number":"INV-9","customer_phone":"+40722000000","total_amount":150.10}"#
          .utf8)
      let signature =
        "sha256="
        + ByteEncoding.hex(
          Crypto.hmacSHA256(key: Array(TestConfig.billingSecret.utf8), message: body))
      let reply = try await fixture.send(
        body, headers: [("X-Signature", signature)], source: "billing")
      #expect(reply.status == 200)
      #expect(await eventually { fixture["loyalty"].count == 1 })
      let envelope = try JSONParser.parse(try #require(fixture["loyalty"].deliveries.first).body)
      #expect(envelope["type"] == .string("sale.completed"))
      #expect(envelope["data"]?["amount"] == .string("150.10"))
      #expect(envelope["data"]?["customer"]?["phone"] == .string("+40722000000"))
    }
  }
}
