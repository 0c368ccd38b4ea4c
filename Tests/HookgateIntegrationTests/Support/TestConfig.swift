import Foundation
import HookgateCore

/// routes.yaml text for tests: one tenant with a Stripe and a billing (HMAC) source, and
/// handlers pointing at the test's receivers.
enum TestConfig {
  static let stripeSecret = "whsec_test_stripe_secret"
  static let oldStripeSecret = "whsec_test_stripe_secret_old"
  static let billingSecret = "test-billing-secret"
  static let handlerSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

  static let secrets: [String: String] = [
    "TEST_STRIPE_SECRET": stripeSecret,
    "TEST_STRIPE_SECRET_OLD": oldStripeSecret,
    "TEST_BILLING_SECRET": billingSecret,
    "TEST_HANDLER_SECRET": handlerSecret,
  ]

  struct HandlerSpec {
    var name: String
    var url: String
    /// More settings for the handler (`order_by: data.reference`), one per line.
    var extra: [String] = []
  }

  /// The delivery settings tests shorten so retries and take-overs happen in seconds.
  struct Tuning: Sendable {
    var schedule = "[200ms, 400ms]"
    var jitter = "none"
    var visibilityTimeout = "30s"
    var handlerTimeout = "5s"
    /// `defaults.delivery.breaker`, when set (`off`, `{cooldown: 1s}`).
    var breaker: String? = nil

    /// For handlers that stay down for a second or two: the job must outlast several failed
    /// attempts, and one whose acknowledgement was lost (Redis down) is claimed again soon.
    static let patient = Tuning(
      schedule: "[300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms, 300ms]",
      visibilityTimeout: "2s",
      // These tests are about Redis and crashes: keep the breaker out of their way.
      breaker: "off")
  }

  static func yaml(
    handlers: [HandlerSpec], tuning: Tuning = Tuning(), routes: String? = nil,
    maxBody: String = "64KiB", tolerance: String = "5m", extraSources: String = ""
  ) -> String {
    let schedule = tuning.schedule
    let jitter = tuning.jitter
    let visibilityTimeout = tuning.visibilityTimeout
    let handlerYAML = handlers.map { handler in
      """
        \(handler.name):
          url: "\(handler.url)"
          secret: "${TEST_HANDLER_SECRET}"
          timeout: \(tuning.handlerTimeout)
      """ + handler.extra.map { "\n    " + $0 }.joined()
    }.joined(separator: "\n")
    let defaultRoutes = """
        - name: payments
          match: {type: ["payment.*", sale.completed]}
          to: [\(handlers.map(\.name).joined(separator: ", "))]
      """
    // Indented to sit under `tenants.acme.sources`, after the Stripe and billing sources.
    let extraSourceYAML = extraSources.split(separator: "\n", omittingEmptySubsequences: false)
      .map { "      " + $0 }.joined(separator: "\n")
    return """
      version: 1
      defaults:
        dedupe_window: 1h
        tolerance: \(tolerance)
        max_body: \(maxBody)
        delivery:
          timeout: 5s
          visibility_timeout: \(visibilityTimeout)
          retry: {schedule: \(schedule), jitter: \(jitter)}
          breaker: \(tuning.breaker ?? "on")
      tenants:
        acme:
          sources:
            stripe:
              provider: stripe
              secrets: ["${TEST_STRIPE_SECRET}", "${TEST_STRIPE_SECRET_OLD}"]
            billing:
              provider: hmac
              secrets: ["${TEST_BILLING_SECRET}"]
              signature: {header: X-Signature, encoding: hex, prefix: "sha256="}
              event_id: "$.invoice_number"
              event_type: "$.event"
              fields: {customer.phone: "$.customer_phone", amount: "$.total_amount", reference: "$.invoice_number"}
      \(extraSourceYAML)
      handlers:
      \(handlerYAML)
      routes:
      \(routes ?? defaultRoutes)
      """
  }

  /// A Stripe `charge.succeeded` event body.
  static func stripeCharge(
    id: String, amount: Int = 15000, currency: String = "ron", reference: String = "INV-001",
    type: String = "charge.succeeded"
  ) -> [UInt8] {
    Array(
      """
      {"id":"\(id)","object":"event","type":"\(type)","created":1763726400,"livemode":false,\
      "data":{"object":{"id":"ch_\(id)","object":"charge","amount":\(amount),"currency":"\(currency)",\
      "customer":"cus_1","billing_details":{"email":"ana@example.ro","name":"Ana","phone":"+40700000000"},\
      "metadata":{"reference":"\(reference)"}}}}
      """.utf8)
  }

  static func stripeHeaders(body: [UInt8], secret: String = stripeSecret, timestamp: Int64? = nil)
    -> [(name: String, value: String)]
  {
    let time = timestamp ?? Int64(Date().timeIntervalSince1970)
    return [
      (
        "Stripe-Signature",
        StripeVerifier.signatureHeader(secret: secret, timestamp: time, body: body)
      ),
      ("Content-Type", "application/json"),
    ]
  }
}
