import Foundation
import Testing

/// `hookgate explain` on the seed payloads under Tests/Fixtures, against the shipped routes.yaml
/// with the demo secrets the Makefile exports.
@Suite("hookgate explain")
struct ExplainTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The demo environment of the Makefile.
  static let makefileEnvironment: [String: String] = [
    "ACME_STRIPE_SECRET": "whsec_demo_acme_stripe",
    "ACME_PAYPAL_WEBHOOK_ID": "WH-DEMO-0000000000",
    "ACME_BILLING_SECRET": "demo-acme-billing-secret",
    "LOYALTY_SIGNING_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "RESERVATIONS_SIGNING_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "INVOICES_SIGNING_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  ]

  struct Seed: Sendable, CustomTestStringConvertible {
    var source: String
    var fixture: String
    var type: String
    var handlers: [String]
    var testDescription: String { "\(source): \(fixture)" }
  }

  static let seeds = [
    Seed(
      source: "stripe", fixture: "stripe-charge-succeeded.json", type: "payment.succeeded",
      handlers: ["loyalty-point", "invoice-conversion", "reservation-status"]),
    Seed(
      source: "paypal", fixture: "paypal-payment-capture-completed.json",
      type: "payment.succeeded",
      handlers: ["loyalty-point", "invoice-conversion", "reservation-status"]),
    Seed(
      source: "billing", fixture: "billing-sale-completed.json", type: "sale.completed",
      handlers: ["loyalty-point"]),
  ]

  static func explain(source: String, fixture: String) async throws -> (String, Int32) {
    try await runHookgateWithStatus(
      [
        "explain", "--config", repository.appendingPathComponent("routes.yaml").path,
        "--tenant", "acme", "--source", source,
        repository.appendingPathComponent("Tests/Fixtures/\(fixture)").path,
      ], environment: makefileEnvironment)
  }

  @Test(arguments: seeds)
  func seedPayloadReachesItsHandlers(_ seed: Seed) async throws {
    let (output, status) = try await Self.explain(source: seed.source, fixture: seed.fixture)
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n").map(String.init)
    #expect(lines.contains("type: \(seed.type)"), "\(output)")
    #expect(lines.contains("handlers: \(seed.handlers.joined(separator: ", "))"), "\(output)")
    #expect(output.contains("\"type\":\"\(seed.type)\""), "\(output)")
  }

  @Test func unknownSourceFails() async throws {
    let (output, status) = try await Self.explain(
      source: "no-such-source", fixture: "stripe-charge-succeeded.json")
    #expect(status != 0)
    #expect(output.contains("unknown_source"), "\(output)")
  }
}

extension ExplainTests {
  /// Each route's verdict, with the condition that failed for those that did not match.
  @Test func everyRouteSaysWhetherItMatchedAndWhatFailed() async throws {
    let shipped = try String(
      contentsOf: Self.repository.appendingPathComponent("routes.yaml"), encoding: .utf8)
    let config = makeTemporaryDirectory("explain").appendingPathComponent("routes.yaml")
    try
      (shipped + """
          - name: big-sales
            match: {type: sale.completed, where: {data.amount: {gte: "1000"}}}
            to: [invoice-conversion]

        """).write(to: config, atomically: true, encoding: .utf8)
    let (output, status) = try await runHookgateWithStatus(
      [
        "explain", "--config", config.path, "--tenant", "acme", "--source", "billing",
        Self.repository.appendingPathComponent("Tests/Fixtures/billing-sale-completed.json").path,
      ], environment: Self.makefileEnvironment)
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n").map(String.init)
    #expect(lines.contains("  route purchases-earn-points: matched"), "\(output)")
    #expect(
      lines.contains("  route refunds: no: type sale.completed is not in match.type"),
      "\(output)")
    #expect(
      lines.contains {
        $0.hasPrefix(#"  route big-sales: no: where data.amount gte "1000" failed (it is "#)
      },
      "\(output)")
  }
}
