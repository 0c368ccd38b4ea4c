import Testing

@testable import HookgateCore

@Suite("Default event id and type per provider")
struct ProviderEventLocatorsTests {
  private func normalize(
    _ provider: ProviderKind, headers: HeaderFields = [:], body: String,
    configure: (inout Source) -> Void = { _ in }
  ) throws -> Result<[NormalizedEvent], NormalizationFailure> {
    var source = Source(tenant: "t", name: "s", provider: provider, secrets: [Secret("k")])
    configure(&source)
    let request = InboundRequest(headers: headers, body: Array(body.utf8))
    return Normalizers.make(for: source).normalize(
      request, payload: try JSONParser.parse(request.body))
  }

  private func idAndType(_ result: Result<[NormalizedEvent], NormalizationFailure>)
    -> (String, String)?
  {
    guard case .success(let events) = result, let event = events.first else { return nil }
    return (event.providerEventID, event.providerType)
  }

  @Test func squareReadsEventIDAndTypeFromTheBody() throws {
    let result = try normalize(
      .square, body: #"{"event_id":"ac3a","type":"invoice.payment_made","id":"x"}"#)
    #expect(idAndType(result)! == ("ac3a", "invoice.payment_made"))
    if case .success(let events) = result { #expect(events.first?.type == "invoice.paid") }
  }

  @Test func standardWebhooksTakesTheMessageIDHeaderOrSvixs() throws {
    let body = #"{"type":"invoice.paid"}"#
    let webhook = try normalize(.standardWebhooks, headers: ["webhook-id": "msg_1"], body: body)
    #expect(idAndType(webhook)! == ("msg_1", "invoice.paid"))
    let svix = try normalize(.standardWebhooks, headers: ["svix-id": "msg_2"], body: body)
    #expect(idAndType(svix)! == ("msg_2", "invoice.paid"))
    let neither = try normalize(.standardWebhooks, body: body)
    #expect(neither == .failure(.missingEventID("header webhook-id")))
  }

  @Test func githubTakesDeliveryAndEventHeaders() throws {
    let result = try normalize(
      .github, headers: ["X-GitHub-Delivery": "72d3", "X-GitHub-Event": "push"], body: "{}")
    #expect(idAndType(result)! == ("72d3", "push"))
    if case .success(let events) = result { #expect(events.first?.type == "github.push") }
  }

  @Test func shopifyTakesWebhookIDThenEventIDAndTheTopic() throws {
    let both = try normalize(
      .shopify,
      headers: [
        "X-Shopify-Webhook-Id": "w1", "X-Shopify-Event-Id": "e1", "X-Shopify-Topic": "orders/paid",
      ], body: "{}")
    #expect(idAndType(both)! == ("w1", "orders/paid"))
    let older = try normalize(
      .shopify, headers: ["X-Shopify-Event-Id": "e1", "X-Shopify-Topic": "orders/paid"],
      body: "{}")
    #expect(idAndType(older)! == ("e1", "orders/paid"))
  }

  @Test func aConfiguredEventIDReplacesTheDefaultsAndTheirFallbacks() throws {
    let result = try normalize(
      .shopify, headers: ["X-Shopify-Event-Id": "e1", "X-Shopify-Topic": "orders/paid"],
      body: #"{"id":42}"#
    ) { $0.eventID = .jsonPath(JSONPath(steps: [.key("id")], description: "$.id")) }
    #expect(idAndType(result)! == ("42", "orders/paid"))
  }

  @Test func hmacKeepsIDAndTypeMembers() throws {
    let result = try normalize(.hmac, body: #"{"id":"b1","type":"sale.completed"}"#)
    #expect(idAndType(result)! == ("b1", "sale.completed"))
  }
}
