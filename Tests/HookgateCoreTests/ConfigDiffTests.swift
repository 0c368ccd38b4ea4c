import HookgateCore
import Testing

private let base = """
  version: 1
  tenants:
    acme:
      sources:
        stripe:
          provider: stripe
          secrets: ["${STRIPE_SECRET}"]
        billing:
          provider: hmac
          secrets: [billing-secret]
          signature: {header: X-Signature}
          fields: {amount: "$.total_amount"}
  handlers:
    old-crm:
      url: http://127.0.0.1:7009/events
      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
    invoice-conversion:
      url: https://user:pa55@invoices.internal/events?token=t0ken
      secret: "${INVOICES_SECRET}"
      rate_limit: 3/s
  routes:
    - name: refunds
      match: {type: payment.refunded}
      to: [old-crm]
    - name: invoices
      match: {type: invoice.paid, tenant: acme}
      to: [invoice-conversion]
  """

private let environment = [
  "STRIPE_SECRET": "whsec_stripe_old_value",
  "INVOICES_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
]

private func config(_ yaml: String, _ environment: [String: String] = environment) throws
  -> GatewayConfig
{
  try ConfigLoader.load(yaml: yaml, file: "routes.yaml", environment: environment).config
}

private func diff(_ change: (String) -> String, environment new: [String: String] = environment)
  throws -> [String]
{
  ConfigDiff(from: try config(base), to: try config(change(base), new)).changes.map(\.description)
}

@Suite("ConfigDiff")
struct ConfigDiffTests {
  @Test func sameFileHasNoChanges() throws {
    let same = ConfigDiff(from: try config(base), to: try config(base))
    #expect(same.isEmpty)
    #expect(same.description == "no changes")
  }

  @Test func addedRemovedAndAlteredHandlersAndRoutes() throws {
    let changes = try diff {
      $0.replacingOccurrences(of: "rate_limit: 3/s", with: "rate_limit: 5/s")
        .replacingOccurrences(of: "old-crm:", with: "crm:")
        .replacingOccurrences(of: "to: [old-crm]", with: "to: [crm]")
        .replacingOccurrences(of: "- name: refunds", with: "- name: refunds-to-crm")
    }
    #expect(
      changes == [
        "+ handler crm",
        "- handler old-crm",
        "~ handler invoice-conversion: rate_limit 3/s -> 5/s",
        "+ route refunds-to-crm",
        "- route refunds",
      ])
  }

  @Test func secretChangesAreNamedNeverShown() throws {
    var rotated = environment
    rotated["STRIPE_SECRET"] = "whsec_stripe_new_value"
    rotated["INVOICES_SECRET"] = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
    let changes = try diff({ $0 }, environment: rotated)
    #expect(
      changes == [
        "~ source acme/stripe: secret changed",
        "~ handler invoice-conversion: secret changed",
      ])
    let text = changes.joined()
    for value in ["stripe_new_value", "stripe_old_value", "C2FVsBQ", "MfKQ9r8"] {
      #expect(!text.contains(value))
    }
  }

  @Test func addedSecretCountsButDoesNotShow() throws {
    let changes = try diff {
      $0.replacingOccurrences(
        of: #"secrets: ["${STRIPE_SECRET}"]"#, with: #"secrets: ["${STRIPE_SECRET}", next-one]"#)
    }
    #expect(changes == ["~ source acme/stripe: secrets changed (1 -> 2)"])
  }

  @Test func urlChangesHideUserInfoAndQuery() throws {
    let changes = try diff {
      $0.replacingOccurrences(
        of: "https://user:pa55@invoices.internal/events?token=t0ken",
        with: "https://user:s3cond@invoices2.internal/events?token=other")
    }
    #expect(
      changes == [
        "~ handler invoice-conversion: url https://invoices.internal/events?… ->"
          + " https://invoices2.internal/events?…"
      ])
    let onlyToken = try diff {
      $0.replacingOccurrences(of: "token=t0ken", with: "token=rotated")
    }
    #expect(onlyToken == ["~ handler invoice-conversion: url changed"])
  }

  @Test func routeMatchConditionsAndTargetsAreCompared() throws {
    let changes = try diff {
      $0.replacingOccurrences(
        of: "match: {type: invoice.paid, tenant: acme}",
        with: #"match: {type: [invoice.paid, sale.*], where: {data.amount: {gt: "0"}}}"#
      ).replacingOccurrences(
        of: "to: [invoice-conversion]", with: "to: [invoice-conversion, old-crm]")
    }
    #expect(
      changes == [
        "~ route invoices: type [invoice.paid] -> [invoice.paid, sale.*]; tenant [acme] -> [];"
          + #" where {} -> {data.amount gt "0"}; to [invoice-conversion] ->"#
          + " [invoice-conversion, old-crm]"
      ])
  }

  @Test func sourcesAndTenantsAddedRemovedAndAltered() throws {
    let changes = try diff {
      $0.replacingOccurrences(
        of: "      stripe:\n        provider: stripe\n        secrets: [\"${STRIPE_SECRET}\"]\n",
        with: ""
      ).replacingOccurrences(
        of: #"fields: {amount: "$.total_amount"}"#,
        with: #"fields: {amount: "$.total", currency: "$.cur"}"# + "\n        tolerance: 10m"
          + "\n        types: {order.paid: sale.completed}"
      ).replacingOccurrences(
        of: "handlers:",
        with: """
            globex:
              sources:
                square:
                  provider: square
                  secrets: [sq]
                  notification_url: https://hooks.example/webhooks/globex/square
          handlers:
          """)
    }
    #expect(
      changes == [
        "+ tenant globex",
        "+ source globex/square",
        "- source acme/stripe",
        "~ source acme/billing: fields.amount $.total_amount -> $.total; +fields.currency $.cur;"
          + " +types.order.paid sale.completed; tolerance 5m -> 10m",
      ])
  }

  @Test func signatureFormatChangesShowTheFormatNotTheKey() throws {
    let changes = try diff {
      $0.replacingOccurrences(
        of: "signature: {header: X-Signature}",
        with: #"signature: {header: X-Sig, encoding: base64, prefix: "v1="}"#)
    }
    #expect(
      changes == [
        #"~ source acme/billing: signature {header: X-Signature, encoding: hex, prefix: ""} ->"#
          + #" {header: X-Sig, encoding: base64, prefix: "v1="}"#
      ])
  }

  @Test func defaultsChangesAreOneLine() throws {
    let changes = try diff {
      "defaults: {dedupe_window: 24h, max_body: 512KiB}\n" + $0
    }
    #expect(changes.first == "~ defaults: dedupe_window 72h -> 24h; max_body 1MiB -> 512KiB")
  }
}
