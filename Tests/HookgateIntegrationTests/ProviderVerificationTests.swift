import Foundation
import HookgateCore
import HookgateRedis
import Testing

/// Every HMAC preset and the generic hmac (with `signed_content` and `timestamp`) through the
/// real binary: a signed request is accepted and delivered once, a bad one is a 401 naming
/// its reason, with nothing stored.
@Suite("Provider verification", .serialized)
struct ProviderVerificationTests {
  @Test(arguments: ProviderCase.allCases)
  func signedRequestIsAcceptedAndDeliveredOnce(_ provider: ProviderCase) async throws {
    try await GatewayFixture.withProviderSources { fixture in
      let body = provider.body(id: "evt_valid_1")
      let reply = try await fixture.send(
        body, headers: provider.headers(body: body, id: "evt_valid_1"), source: provider.source)
      #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
      #expect(reply.isDuplicate == false)
      let eventID = try #require(reply.eventID)

      #expect(await eventually { fixture["loyalty"].count == 1 })
      try await Task.sleep(for: .milliseconds(300))
      #expect(fixture["loyalty"].count == 1)
      let delivery = try #require(fixture["loyalty"].deliveries.first)
      #expect(delivery.webhookID == eventID)
      let envelope = try JSONParser.parse(delivery.body)
      #expect(envelope["provider"] == .string(provider.kind.rawValue))
      #expect(
        envelope["provider_event_id"] == .string(provider.expectedProviderEventID("evt_valid_1")))
      #expect(envelope["type"] == .string(provider.expectedType))
      #expect(envelope["payload"] == (try JSONParser.parse(body)))
    }
  }

  @Test func badRequestsOfEveryProviderAreRefusedWith401AndStoreNothing() async throws {
    try await GatewayFixture.withProviderSources { fixture in
      let before = try await fixture.storeSnapshot()
      let now = Int64(Date().timeIntervalSince1970)
      for provider in ProviderCase.allCases {
        let body = provider.body(id: "evt_bad")
        let valid = provider.headers(body: body, id: "evt_bad")
        let signature = provider.signatureHeader
        var cases: [(String, [UInt8], [(name: String, value: String)], String)] = [
          ("missing", body, valid.filter { $0.name != signature }, "missing_signature"),
          ("garbled", body, valid.replacing(signature, with: "%%%"), "malformed_signature"),
          // An empty value is a unit test: libcurl drops a header whose value is empty.
          (
            "wrong secret", body, provider.headers(body: body, id: "evt_bad", wrongSecret: true),
            "signature_mismatch"
          ),
          ("body changed", body.flippingOneBit(), valid, "signature_mismatch"),
        ]
        if let timestampHeader = provider.timestampHeader {
          cases += [
            (
              "10 min old", body, provider.headers(body: body, id: "evt_bad", timestamp: now - 600),
              "timestamp_out_of_tolerance"
            ),
            (
              "10 min ahead", body,
              provider.headers(body: body, id: "evt_bad", timestamp: now + 600),
              "timestamp_out_of_tolerance"
            ),
            (
              "non-numeric timestamp", body, valid.replacing(timestampHeader, with: "soon"),
              "malformed_signature"
            ),
          ]
        }
        for (label, sentBody, headers, reason) in cases {
          let reply = try await fixture.send(sentBody, headers: headers, source: provider.source)
          #expect(reply.status == 401, "\(provider) \(label)")
          #expect(reply.reason == reason, "\(provider) \(label): \(reply.reason ?? "no reason")")
          let text = String(decoding: reply.body, as: UTF8.self)
          for secret in ProviderSources.secrets.values {
            #expect(!text.contains(secret), "\(provider) \(label) echoed a secret")
          }
        }
      }
      #expect(try await fixture.storeSnapshot() == before)
      try await Task.sleep(for: .milliseconds(300))
      #expect(fixture["loyalty"].count == 0)
      for secret in ProviderSources.secrets.values {
        #expect(!fixture.gateway.logs.contains(secret))
      }
    }
  }

  @Test func expiredSecretNoLongerVerifiesAndTheActiveOnesIndexIsLogged() async throws {
    try await GatewayFixture.withProviderSources { fixture in
      let before = try await fixture.storeSnapshot()
      let body = ProviderCase.hmac.body(id: "INV-rotated")
      let expired = ProviderCase.hmac.headers(
        body: body, id: "INV-rotated", secret: ProviderSources.expiredBillingSecret)
      let refused = try await fixture.send(body, headers: expired, source: "billing-ts")
      #expect(refused.status == 401)
      #expect(refused.reason == "signature_mismatch")
      #expect(try await fixture.storeSnapshot() == before)

      let current = ProviderCase.hmac.headers(body: body, id: "INV-rotated")
      let accepted = try await fixture.send(body, headers: current, source: "billing-ts")
      #expect(accepted.status == 200)
      // The current secret is the second entry: ops see the first one is unused.
      #expect(await eventually { fixture.gateway.logs.contains(#""secret_index":"1""#) })
    }
  }
}

/// The sources these tests add to `TestConfig.yaml`, and their secrets (in the environment,
/// as in production).
enum ProviderSources {
  static let githubSecret = "test-github-webhook-secret"
  static let shopifySecret = "shpss_test_shopify_secret"
  static let quickbooksToken = "test-quickbooks-verifier-token"
  static let xeroKey = "test-xero-webhook-key"
  static let squareKey = "test-square-signature-key"
  static let standardWebhooksSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
  static let billingSecret = "test-billing-ts-secret"
  static let expiredBillingSecret = "test-billing-ts-secret-expired"
  static let wrongSecret = "not-the-configured-secret"
  static let wrongStandardWebhooksSecret = "whsec_aG9va2dhdGUtd3Jvbmctc2VjcmV0LWtleQ=="
  /// What Square signs: the URL its subscription was set up with, not the gateway's address.
  static let squareNotificationURL = "https://hooks.example.com/webhooks/acme/square"

  static let secrets: [String: String] = [
    "TEST_GITHUB_SECRET": githubSecret,
    "TEST_SHOPIFY_SECRET": shopifySecret,
    "TEST_QUICKBOOKS_TOKEN": quickbooksToken,
    "TEST_XERO_KEY": xeroKey,
    "TEST_SQUARE_KEY": squareKey,
    "TEST_SW_SECRET": standardWebhooksSecret,
    "TEST_BILLING_TS_SECRET": billingSecret,
    "TEST_BILLING_TS_SECRET_EXPIRED": expiredBillingSecret,
  ]

  static let yaml = """
    github:
      provider: github
      secrets: ["${TEST_GITHUB_SECRET}"]
    shopify:
      provider: shopify
      secrets: ["${TEST_SHOPIFY_SECRET}"]
    quickbooks:
      provider: quickbooks
      secrets: ["${TEST_QUICKBOOKS_TOKEN}"]
    xero:
      provider: xero
      secrets: ["${TEST_XERO_KEY}"]
    square:
      provider: square
      secrets: ["${TEST_SQUARE_KEY}"]
      notification_url: "\(squareNotificationURL)"
    standard:
      provider: standard-webhooks
      secrets: ["${TEST_SW_SECRET}"]
    billing-ts:
      provider: hmac
      secrets:
        - {value: "${TEST_BILLING_TS_SECRET_EXPIRED}", expires: 2020-01-01T00:00:00Z}
        - "${TEST_BILLING_TS_SECRET}"
      signature: {header: X-Billing-Signature, encoding: base64, prefix: "v1="}
      signed_content: "{timestamp}.{body}"
      timestamp: {header: X-Billing-Timestamp, tolerance: 5m}
      event_id: "$.invoice_number"
      event_type: "$.event"
    """

  /// Every type reaches the one handler, so each provider's event is delivered.
  static let routes = """
      - name: everything
        match: {type: "*"}
        to: [loyalty]
    """
}

/// One request shape per provider, signed the way that provider signs.
enum ProviderCase: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case github, shopify, quickbooks, xero, square, standardWebhooks, svix, hmac

  var testDescription: String { rawValue }

  var kind: ProviderKind {
    switch self {
    case .github: .github
    case .shopify: .shopify
    case .quickbooks: .quickbooks
    case .xero: .xero
    case .square: .square
    case .standardWebhooks, .svix: .standardWebhooks
    case .hmac: .hmac
    }
  }

  /// The source name in `ProviderSources.yaml`.
  var source: String {
    switch self {
    case .standardWebhooks, .svix: "standard"
    case .hmac: "billing-ts"
    default: rawValue
    }
  }

  var signatureHeader: String {
    switch self {
    case .github: "X-Hub-Signature-256"
    case .shopify: "X-Shopify-Hmac-Sha256"
    case .quickbooks: "intuit-signature"
    case .xero: "x-xero-signature"
    case .square: "x-square-hmacsha256-signature"
    case .standardWebhooks: "webhook-signature"
    case .svix: "svix-signature"
    case .hmac: "X-Billing-Signature"
    }
  }

  var timestampHeader: String? {
    switch self {
    case .standardWebhooks: "webhook-timestamp"
    case .svix: "svix-timestamp"
    case .hmac: "X-Billing-Timestamp"
    default: nil
    }
  }

  private var secret: String {
    switch self {
    case .github: ProviderSources.githubSecret
    case .shopify: ProviderSources.shopifySecret
    case .quickbooks: ProviderSources.quickbooksToken
    case .xero: ProviderSources.xeroKey
    case .square: ProviderSources.squareKey
    case .standardWebhooks, .svix: ProviderSources.standardWebhooksSecret
    case .hmac: ProviderSources.billingSecret
    }
  }

  func body(id: String) -> [UInt8] {
    let text: String
    switch self {
    case .github:
      text = #"{"ref":"refs/heads/main","after":"\#(id)","repository":{"full_name":"acme/app"}}"#
    case .shopify:
      text =
        #"{"id":820982911946154508,"name":"order-\#(id)","total_price":"150.00","currency":"RON"}"#
    case .quickbooks:
      text =
        #"{"eventNotifications":[{"realmId":"1185883450","dataChangeEvent":{"entities":[{"name":"Invoice","id":"\#(id)","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000Z"}]}}]}"#
    case .xero:
      text =
        #"{"events":[{"resourceUrl":"https://api.xero.com/api.xro/2.0/Invoices/\#(id)","resourceId":"\#(id)","eventDateUtc":"2026-11-20T10:00:00.000","eventType":"UPDATE","eventCategory":"INVOICE","tenantId":"c2cc9b6e","tenantType":"ORGANISATION"}],"firstEventSequence":1,"lastEventSequence":1,"entropy":"S0MEENTR0PY"}"#
    case .square:
      text =
        #"{"merchant_id":"MLEFBHHSJGVHD","type":"invoice.payment_made","event_id":"\#(id)","created_at":"2026-11-20T10:00:00Z","data":{"type":"invoice","id":"inv:0-1"}}"#
    case .standardWebhooks, .svix:
      text = #"{"type":"invoice.paid","data":{"invoice":"\#(id)","amount":"99.90"}}"#
    case .hmac:
      text = #"{"event":"payment.received","invoice_number":"\#(id)","total_amount":"10.00"}"#
    }
    return Array(text.utf8)
  }

  /// Batch providers' ids are composites (QuickBooksNormalizer, XeroNormalizer).
  func expectedProviderEventID(_ id: String) -> String {
    switch self {
    case .quickbooks: "1185883450:Invoice:\(id):Create:2026-11-20T10:00:00.000Z"
    case .xero: "c2cc9b6e:\(id):INVOICE:UPDATE:2026-11-20T10:00:00.000"
    default: id
    }
  }

  var expectedType: String {
    switch self {
    case .github: "github.push"
    case .shopify: "shopify.orders/paid"
    case .quickbooks: "invoice.created"
    case .xero: "xero.invoice.update"
    case .square: "invoice.paid"
    case .standardWebhooks, .svix: "standard-webhooks.invoice.paid"
    case .hmac: "payment.succeeded"
    }
  }

  /// The headers the provider would send; `id` is the delivery/message id where the provider
  /// sends one in a header.
  func headers(
    body: [UInt8], id: String, secret: String? = nil, wrongSecret: Bool = false,
    timestamp: Int64? = nil
  ) -> [(name: String, value: String)] {
    let key =
      wrongSecret
      ? (kind == .standardWebhooks
        ? ProviderSources.wrongStandardWebhooksSecret : ProviderSources.wrongSecret)
      : (secret ?? self.secret)
    let time = timestamp ?? Int64(Date().timeIntervalSince1970)
    let json = ("Content-Type", "application/json")
    func base64(_ message: [UInt8]) -> String {
      ByteEncoding.base64(Crypto.hmacSHA256(key: Array(key.utf8), message: message))
    }
    switch self {
    case .github:
      let hex = ByteEncoding.hex(Crypto.hmacSHA256(key: Array(key.utf8), message: body))
      return [
        json, ("X-Hub-Signature-256", "sha256=\(hex)"), ("X-GitHub-Delivery", id),
        ("X-GitHub-Event", "push"),
      ]
    case .shopify:
      return [
        json, ("X-Shopify-Hmac-Sha256", base64(body)), ("X-Shopify-Webhook-Id", id),
        ("X-Shopify-Topic", "orders/paid"),
      ]
    case .quickbooks:
      return [json, ("intuit-signature", base64(body))]
    case .xero:
      return [json, ("x-xero-signature", base64(body))]
    case .square:
      return [
        json,
        (
          "x-square-hmacsha256-signature",
          base64(Array(ProviderSources.squareNotificationURL.utf8) + body)
        ),
      ]
    case .standardWebhooks, .svix:
      guard let signer = try? StandardWebhooksSigner(secret: key) else { return [] }
      let headers = signer.headers(id: id, timestamp: time, body: body)
      guard self == .svix else { return headers }
      return headers.map { header in
        (name: header.name.replacingOccurrences(of: "webhook-", with: "svix-"), value: header.value)
      }
    case .hmac:
      return [
        json, ("X-Billing-Timestamp", String(time)),
        ("X-Billing-Signature", "v1=" + base64(Array("\(time).".utf8) + body)),
      ]
    }
  }
}

extension [(name: String, value: String)] {
  fileprivate func replacing(_ name: String, with value: String) -> Self {
    map { $0.name.lowercased() == name.lowercased() ? (name: $0.name, value: value) : $0 }
  }
}

extension [UInt8] {
  fileprivate func flippingOneBit() -> [UInt8] {
    var copy = self
    copy[copy.count / 2] ^= 0x01
    return copy
  }
}

extension GatewayFixture {
  /// A fixture whose config has `ProviderSources` besides the usual Stripe and billing
  /// sources, one `loyalty` handler, and a route taking every type to it.
  static func withProviderSources<T>(_ body: (GatewayFixture) async throws -> T)
    async throws -> T
  {
    try await with(
      Setup(
        routes: ProviderSources.routes, extraSources: ProviderSources.yaml,
        environment: ProviderSources.secrets), body)
  }
}
