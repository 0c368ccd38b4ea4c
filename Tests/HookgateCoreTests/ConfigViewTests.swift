import Foundation
import Testing

@testable import HookgateCore

@Test func theConfigViewShowsNoSecret() {
  let secrets = [
    "whsec_source_secret", "whsec_old_secret", "WH-PAYPAL-ID", "whsec_handler", "pa55",
  ]
  let config = GatewayConfig(
    tenants: [
      "acme": Tenant(
        name: "acme",
        sources: [
          "stripe": Source(
            tenant: "acme", name: "stripe", provider: .stripe,
            secrets: [
              Secret(secrets[0]),
              Secret(secrets[1], expires: Date(timeIntervalSince1970: 1_763_726_400)),
            ]),
          "paypal": Source(
            tenant: "acme", name: "paypal", provider: .paypal, webhookID: secrets[2]),
        ])
    ],
    handlers: [
      "loyalty": Handler(
        name: "loyalty", url: "https://user:\(secrets[4])@loyalty.internal/hook?key=\(secrets[4])",
        secret: Secret(secrets[3]), rateLimit: Rate(count: 3, per: .seconds(1)))
    ],
    routes: [Route(name: "all", match: RouteMatch(types: [Glob("payment.*")]), to: ["loyalty"])])
  let json = ConfigView.json(config, loadedAt: Date(timeIntervalSince1970: 1_763_726_400))
  let text = String(decoding: JSONWriter.encode(json), as: UTF8.self)
  for secret in secrets { #expect(!text.contains(secret)) }
  #expect(json["loaded_at"]?.stringValue == "2025-11-21T12:00:00.000Z")
  #expect(
    json["handlers"]?[0]?["url"]?.stringValue
      == "https://[redacted]@loyalty.internal/hook?[redacted]")
  #expect(json["handlers"]?[0]?["rate_limit"]?.stringValue == "3/s")
  #expect(json["routes"]?[0]?["match"]?["type"]?[0]?.stringValue == "payment.*")
  #expect(json["tenants"]?[0]?["sources"]?[1]?["secrets"]?[1]?["expires"] != nil)
}

@Test func urlsWithoutCredentialsAreShownAsTheyAre() {
  #expect(ConfigView.url("http://127.0.0.1:8081/events") == "http://127.0.0.1:8081/events")
}
