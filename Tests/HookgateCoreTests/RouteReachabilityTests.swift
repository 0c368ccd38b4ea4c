import HookgateCore
import Testing

/// Two tenants' sources; `match` is the one route's match (line 22, value at column 12).
private func warnings(match: String) throws -> [String] {
  let yaml = """
    version: 1
    tenants:
      acme:
        sources:
          stripe:
            provider: stripe
            secrets: [s]
            types: {checkout.session.completed: sale.completed}
          billing:
            provider: hmac
            secrets: [s]
            signature: {header: X-Signature}
      globex:
        sources:
          paypal:
            provider: paypal
            webhook_id: WH-1
    handlers:
      h: {url: "http://127.0.0.1:7001/", secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}
    routes:
      - name: r
        match: \(match)
        to: [h]
    """
  return try ConfigLoader.load(yaml: yaml, file: "routes.yaml", environment: [:]).warnings
    .map(\.description)
}

struct ReachRow: Sendable, CustomTestStringConvertible {
  var match: String
  var warnings: [String]
  var testDescription: String { match }
}

private let prefix = "routes.yaml:22:"

private let rows: [ReachRow] = [
  // Reachable: the table, the fallback, globs, types: values, and hmac's anything.
  ReachRow(match: "{type: payment.succeeded, source: stripe}", warnings: []),
  ReachRow(match: "{type: stripe.customer.created, source: stripe}", warnings: []),
  ReachRow(match: "{type: \"stripe.*\", provider: stripe}", warnings: []),
  ReachRow(match: "{type: \"*.failed\", source: paypal}", warnings: []),
  ReachRow(match: "{type: \"paypal.customer.*\", tenant: globex}", warnings: []),
  ReachRow(match: "{type: sale.completed, source: stripe}", warnings: []),
  ReachRow(match: "{type: anything.at.all, tenant: acme}", warnings: []),
  ReachRow(match: "{type: sale.completed}", warnings: []),
  ReachRow(match: "{tenant: globex}", warnings: []),
  // Never.
  ReachRow(
    match: "{type: payment.succeded, source: stripe}",
    warnings: [
      prefix + "19: warning: route 'r' can never match: no source it takes produces a type"
        + " matching payment.succeded; did you mean 'payment.succeeded'?"
    ]),
  ReachRow(
    match: "{type: \"stripe.*\", source: paypal}",
    warnings: [
      prefix + "19: warning: route 'r' can never match: no source it takes produces a type"
        + " matching stripe.*"
    ]),
  ReachRow(
    match: "{type: sale.completed, tenant: globex}",
    warnings: [
      prefix + "19: warning: route 'r' can never match: no source it takes produces a type"
        + " matching sale.completed"
    ]),
  ReachRow(
    match: "{type: [invoice.paid, invoice.payed], provider: paypal}",
    warnings: [
      prefix + "34: warning: route 'r' type 'invoice.payed' matches no type its sources"
        + " produce; did you mean 'invoice.paid'?"
    ]),
  ReachRow(
    match: "{tenant: globex, provider: stripe}",
    warnings: [
      prefix + "12: warning: route 'r' can never match: no source has the tenant, source and"
        + " provider it asks for"
    ]),
  // An undefined tenant is warned about once, as such.
  ReachRow(
    match: "{type: x.y, tenant: initech}",
    warnings: [prefix + "32: warning: route 'r' matches tenant 'initech', which is not defined"]),
]

@Suite("Routes that can never match")
struct RouteReachabilityTests {
  @Test(arguments: rows)
  func unreachableRouteIsAWarningAtItsType(_ row: ReachRow) throws {
    let found = try warnings(match: row.match)
    #expect(found == row.warnings, "\(found)")
  }
}
