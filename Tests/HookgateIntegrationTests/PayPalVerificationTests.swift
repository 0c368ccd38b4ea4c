import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// PayPal end to end: the real gateway fetches the signing certificate over real HTTPS
/// (`openssl s_server` with a CA made by the fixture script, trusted through
/// `HOOKGATE_CA_FILE`), or reads it from `cert_file`, and verifies real RSA signatures.
@Suite("PayPal verification", .serialized)
struct PayPalVerificationTests {
  static let webhookID = "WH-TEST-7XK21234AB5678901"

  @Test func eventWhoseCertificateIsServedOverLocalHTTPSIsAcceptedAndDeliveredOnce()
    async throws
  {
    try await GatewayFixture.withPayPal { fixture, server in
      let body = PayPalTestFiles.event(id: "WH-HTTPS-1")
      let headers = try await PayPalTestFiles.headers(
        body: body, webhookID: Self.webhookID, certURL: server.url("cert-chain.pem"))
      let reply = try await fixture.send(body, headers: headers, source: "paypal")
      #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
      #expect(reply.isDuplicate == false)

      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(500))
      let deliveries = fixture["loyalty"].deliveries
      #expect(deliveries.count == 1)
      let envelope = try JSONParser.parse(try #require(deliveries.first).body)
      #expect(envelope["provider"] == .string("paypal"))
      #expect(envelope["type"] == .string("payment.succeeded"))
      #expect(envelope["provider_event_id"] == .string("WH-HTTPS-1"))
      #expect(envelope["data"]?["amount"] == .string("150.00"))
      #expect(envelope["data"]?["currency"] == .string("RON"))
      #expect(envelope["data"]?["reference"] == .string("INV-001"))

      // A second event with the same certificate URL is verified from the cache.
      let second = PayPalTestFiles.event(id: "WH-HTTPS-2")
      let again = try await fixture.send(
        second,
        headers: try await PayPalTestFiles.headers(
          body: second, webhookID: Self.webhookID, certURL: server.url("cert-chain.pem")),
        source: "paypal")
      #expect(again.status == 200)
      #expect(server.requests == ["cert-chain.pem"])
    }
  }

  @Test func eventVerifiedWithCertFileIsAcceptedWithoutAnyFetch() async throws {
    try await GatewayFixture.withPayPal { fixture, server in
      let body = PayPalTestFiles.event(id: "WH-PINNED-1")
      // The URL header is not used with cert_file: even one off the allow-list verifies.
      let headers = try await PayPalTestFiles.headers(
        body: body, webhookID: Self.webhookID, certURL: "https://evil.example/cert.pem")
      let reply = try await fixture.send(body, headers: headers, source: "paypal-pinned")
      #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
      #expect(await eventually { fixture["loyalty"].count == 1 })
      #expect(server.requests.isEmpty)
    }
  }

  struct Refusal: Sendable, CustomTestStringConvertible {
    var name: String
    var source = "paypal"
    /// The certificate URL, given the HTTPS server's port and a closed port.
    var url: @Sendable (_ port: Int, _ closedPort: Int) -> String
    var key = "leaf.key"
    var webhookID = PayPalVerificationTests.webhookID
    var reason: String
    /// A file name that must never be requested.
    var neverFetched: String? = nil

    var testDescription: String { name }
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "URL off the allow-list", url: { port, _ in "https://localhost:\(port)/off-list.pem" },
      reason: "certificate_url_refused", neverFetched: "off-list.pem"),
    Refusal(
      name: "http URL", url: { port, _ in "http://127.0.0.1:\(port)/plain-http.pem" },
      reason: "certificate_url_refused", neverFetched: "plain-http.pem"),
    Refusal(
      name: "userinfo trick",
      url: { port, _ in "https://api.paypal.com@127.0.0.1:\(port)/userinfo.pem" },
      reason: "certificate_url_refused", neverFetched: "userinfo.pem"),
    Refusal(
      name: "unreachable port", url: { _, closed in "https://127.0.0.1:\(closed)/cert-chain.pem" },
      reason: "certificate_unavailable"),
    Refusal(
      name: "not a certificate",
      url: { port, _ in "https://127.0.0.1:\(port)/not-a-certificate.pem" },
      reason: "certificate_invalid"),
    Refusal(
      name: "expired certificate",
      url: { port, _ in "https://127.0.0.1:\(port)/expired-chain.pem" },
      reason: "certificate_invalid"),
    Refusal(
      name: "self-signed certificate",
      url: { port, _ in "https://127.0.0.1:\(port)/self-signed.pem" }, key: "self-signed.key",
      reason: "certificate_invalid"),
    Refusal(
      name: "signature over another webhook id",
      url: { port, _ in "https://127.0.0.1:\(port)/cert-chain.pem" }, webhookID: "WH-SOMEONE-ELSE",
      reason: "signature_mismatch"),
  ]

  @Test func refusedRequestsAnswer401WithTheirReasonAndStoreNothing() async throws {
    try await GatewayFixture.withPayPal { fixture, server in
      let before = try await fixture.storeSnapshot()
      for (index, refusal) in Self.refusals.enumerated() {
        let body = PayPalTestFiles.event(id: "WH-REFUSED-\(index)")
        let headers = try await PayPalTestFiles.headers(
          body: body, webhookID: refusal.webhookID,
          certURL: refusal.url(server.port, GatewayFixture.closedPort), key: refusal.key)
        let reply = try await fixture.send(body, headers: headers, source: refusal.source)
        #expect(reply.status == 401, "\(refusal.name)")
        #expect(reply.reason == refusal.reason, "\(refusal.name)")
        if let file = refusal.neverFetched {
          #expect(!server.requests.contains { $0.contains(file) }, "\(refusal.name)")
        }
        #expect(try await fixture.storeSnapshot() == before, "\(refusal.name)")
      }
      // Only the URLs on the allow-list were fetched, each once it had been asked for.
      #expect(
        Set(server.requests)
          == ["not-a-certificate.pem", "expired-chain.pem", "self-signed.pem", "cert-chain.pem"])
      try await Task.sleep(for: .milliseconds(300))
      #expect(fixture["loyalty"].count == 0)
    }
  }
}

extension PayPalVerificationTests {
  @Test func unreadableCertFileStopsStartupNamingThePath() async throws {
    let directory = makeTemporaryDirectory("paypal-startup")
    let config = directory.appendingPathComponent("routes.yaml")
    let yaml = TestConfig.yaml(
      handlers: [.init(name: "loyalty", url: "http://127.0.0.1:9/events")],
      extraSources: """
        paypal:
          provider: paypal
          webhook_id: WH-1
          cert_file: missing/paypal.pem
        """)
    try yaml.write(to: config, atomically: true, encoding: .utf8)
    let output = directory.appendingPathComponent("output.log")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    let process = Process()
    process.executableURL = GatewayProcess.binary
    process.arguments = [
      "serve", "--config", config.path, "--listen", "127.0.0.1:\(freePort())",
      "--admin-listen", "127.0.0.1:\(freePort())", "--redis", "redis://127.0.0.1:\(freePort())/0",
    ]
    process.environment = ProcessInfo.processInfo.environment.merging(TestConfig.secrets) { $1 }
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    await process.waitForExit()
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 1)
    // Relative to the routes file, not to the working directory.
    #expect(text.contains(directory.appendingPathComponent("missing/paypal.pem").path), "\(text)")
    #expect(text.contains("cannot read the file"), "\(text)")
  }
}

extension GatewayFixture {
  /// Reserved for "unreachable": listed in `cert_hosts`, nothing listens on it.
  static let closedPort = freePort()

  /// A fixture with two PayPal sources: `paypal` fetching over HTTPS from `server` (its port
  /// and `closedPort` in `cert_hosts`) and `paypal-pinned` with the fixture leaf as
  /// `cert_file`; `HOOKGATE_CA_FILE` is the fixture CA.
  static func withPayPal<T>(_ body: (GatewayFixture, HTTPSFileServer) async throws -> T)
    async throws -> T
  {
    let server = HTTPSFileServer()
    try await server.start()
    let sources = """
      paypal:
        provider: paypal
        webhook_id: "${TEST_PAYPAL_WEBHOOK_ID}"
        cert_hosts: ["127.0.0.1:\(server.port)", "127.0.0.1:\(closedPort)"]
      paypal-pinned:
        provider: paypal
        webhook_id: "${TEST_PAYPAL_WEBHOOK_ID}"
        cert_file: "\(PayPalTestFiles.path("leaf.pem"))"
      """
    let setup = Setup(
      extraSources: sources,
      environment: [
        "TEST_PAYPAL_WEBHOOK_ID": PayPalVerificationTests.webhookID,
        "HOOKGATE_CA_FILE": PayPalTestFiles.path("ca.pem"),
      ])
    do {
      let result = try await with(setup) { try await body($0, server) }
      await server.stop()
      return result
    } catch {
      await server.stop()
      throw error
    }
  }
}
