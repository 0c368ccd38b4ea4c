import Foundation
import HookgateCore
import Testing

private func load(_ sources: String, environment: [String: String] = [:]) throws(ConfigErrors)
  -> LoadedConfig
{
  try ConfigLoader.load(yaml: yaml(sources), file: "routes.yaml", environment: environment)
}

/// Sources under `tenants.t.sources`, so the first source line is line 5.
private func yaml(_ sources: String) -> String {
  let indented = sources.split(separator: "\n", omittingEmptySubsequences: false)
    .map { "      " + $0 }.joined(separator: "\n")
  return "version: 1\ntenants:\n  t:\n    sources:\n\(indented)\n"
}

private func errors(_ sources: String, environment: [String: String] = [:])
  -> [ConfigDiagnostic]
{
  do {
    _ = try load(sources, environment: environment)
    Issue.record("expected errors, but it loaded")
    return []
  } catch {
    return error.errors
  }
}

@Suite("routes.yaml: HMAC sources and presets")
struct HMACConfigTests {
  @Test func genericHMACTakesSignedContentAndATimestampHeader() throws {
    let loaded = try load(
      """
      billing:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature, encoding: base64}
        signed_content: "{timestamp}.{body}"
        timestamp: {header: X-Timestamp, tolerance: 2m}
      """)
    let source = try #require(loaded.config.source(tenant: "t", source: "billing"))
    #expect(source.signedContent?.description == "{timestamp}.{body}")
    #expect(
      source.signatureTimestamp
        == SignatureTimestamp(header: "X-Timestamp", tolerance: .seconds(120)))
    #expect(loaded.warnings.isEmpty)
    let scheme = try #require(HMACScheme.make(for: source))
    #expect(scheme.headers == [.init(signature: "X-Signature", timestamp: "X-Timestamp")])
    #expect(scheme.tolerance == .seconds(120))
  }

  @Test func timestampWithoutToleranceTakesTheSources() throws {
    let loaded = try load(
      """
      billing:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: "{timestamp}.{body}"
        timestamp: {header: X-Timestamp}
        tolerance: 45s
      """)
    let source = try #require(loaded.config.source(tenant: "t", source: "billing"))
    #expect(HMACScheme.make(for: source)?.tolerance == .seconds(45))
  }

  @Test func signedIDAndURLComeFromTheEventIDHeaderAndNotificationURL() throws {
    let loaded = try load(
      """
      billing:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: "{id}|{url}|{body}"
        event_id: "header:X-Event-Id"
        notification_url: https://hooks.example.com/webhooks/t/billing
      """)
    let source = try #require(loaded.config.source(tenant: "t", source: "billing"))
    let scheme = try #require(HMACScheme.make(for: source))
    #expect(scheme.headers[0].id == "X-Event-Id")
    #expect(scheme.url == "https://hooks.example.com/webhooks/t/billing")
    #expect(loaded.warnings.isEmpty)
  }

  @Test func everyPresetLoadsWithItsSecretsAlone() throws {
    let loaded = try load(
      """
      gh: {provider: github, secrets: [k]}
      shop: {provider: shopify, secrets: [k]}
      qb: {provider: quickbooks, secrets: [k]}
      xero: {provider: xero, secrets: [k]}
      sw: {provider: standard-webhooks, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]}
      sq: {provider: square, secrets: [k], notification_url: "https://h.example/x"}
      """)
    #expect(loaded.config.tenants["t"]?.sources.count == 6)
    #expect(loaded.warnings.isEmpty)
  }

  @Test(arguments: [
    ("\"{tmestamp}.{body}\"", "signed_content unknown placeholder '{tmestamp}'"),
    ("\"{timestamp}\"", "signed_content must contain {body}"),
  ])
  func badTemplatesAreErrorsAtTheirValue(template: String, message: String) {
    let found = errors(
      """
      billing:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: \(template)
        timestamp: {header: X-Timestamp}
      """)
    #expect(found.map { "\($0.line):\($0.column)" } == ["9:25"])
    #expect(found.first?.message.contains(message) == true, "\(found)")
  }

  @Test func placeholdersWithoutAValueAreErrors() {
    let found = errors(
      """
      a:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: "{timestamp}.{body}"
      b:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: "{id}.{body}"
        event_id: "$.id"
      c:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        signed_content: "{url}{body}"
      """)
    #expect(found.map { "\($0.line):\($0.column)" } == ["9:25", "14:25", "20:25"])
    #expect(found[0].message.contains("{timestamp}, which needs 'timestamp: {header: NAME}'"))
    #expect(found[1].message.contains("event_id: \"header:NAME\""))
    #expect(found[2].message.contains("{url}, which needs 'notification_url'"))
  }

  @Test func timestampKeysAreCheckedLikeEveryOtherMapping() {
    let found = errors(
      """
      a:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        timestamp: {header: X-Timestamp, tolerence: 1m}
      b:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        timestamp: {tolerance: 1m}
      """)
    #expect(found.map { "\($0.line):\($0.column)" } == ["9:42", "14:20"])
    #expect(found[0].message.hasPrefix("unknown key 'tolerence' in source t/a timestamp"))
    #expect(found[0].message.contains("did you mean 'tolerance'?"))
    #expect(found[1].message == "source t/b timestamp is missing required key 'header'")
  }

  @Test func standardWebhooksSecretsMustBeWhsecBase64AndTheMessageHidesThem() {
    let environment = ["SW_NEW": "whsec_not*base64*at-all", "SW_OLD": "plain-old-secret"]
    let found = errors(
      """
      sw:
        provider: standard-webhooks
        secrets:
          - "${SW_NEW}"
          - {value: "${SW_OLD}", expires: 2030-01-01T00:00:00Z}
          - "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      """, environment: environment)
    #expect(found.map { "\($0.line):\($0.column)" } == ["8:13", "9:21"])
    #expect(found.first?.message.contains("secret 1 is not a Standard Webhooks secret") == true)
    for diagnostic in found {
      for value in environment.values { #expect(!diagnostic.description.contains(value)) }
    }
  }

  @Test func hmacOnlyKeysOnAPresetDrawWarnings() throws {
    let loaded = try load(
      """
      gh:
        provider: github
        secrets: [k]
        signed_content: "{timestamp}.{body}"
        timestamp: {header: X-Timestamp}
      """)
    #expect(
      loaded.warnings.map(\.message) == [
        "source t/gh: signed_content is only used by provider hmac",
        "source t/gh: timestamp is only used by provider hmac",
      ])
  }

  @Test func anUnsignedTimestampAndAnUnusedURLDrawWarnings() throws {
    let loaded = try load(
      """
      billing:
        provider: hmac
        secrets: [k]
        signature: {header: X-Signature}
        timestamp: {header: X-Timestamp}
        notification_url: https://h.example/x
      """)
    let messages = loaded.warnings.map(\.message)
    #expect(messages.count == 2)
    #expect(messages.contains { $0.contains("notification_url is only used by provider square") })
    #expect(messages.contains { $0.contains("checked but not signed") })
  }
}
