import Testing

@testable import HookgateCore

private func yaml(source: String) -> String {
  """
  version: 1
  tenants:
    acme:
      sources:
        paypal:
  \(source.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
  handlers:
    loyalty:
      url: "http://127.0.0.1:7001/events"
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
  routes:
    - name: all
      match: {type: "*"}
      to: [loyalty]
  """
}

private func load(source: String) throws(ConfigErrors) -> LoadedConfig {
  try ConfigLoader.load(yaml: yaml(source: source), file: "routes.yaml", environment: [:])
}

private func diagnostics(source: String) -> [ConfigDiagnostic] {
  do throws(ConfigErrors) {
    return try load(source: source).warnings
  } catch {
    return error.diagnostics
  }
}

@Suite("routes.yaml: PayPal's cert_hosts and cert_file")
struct PayPalConfigTests {
  @Test func certHostsAndCertFileAreRead() throws {
    let loaded = try load(
      source: """
        provider: paypal
        webhook_id: WH-1
        cert_hosts: [API.Sandbox.Example.com, "127.0.0.1:8443"]
        """)
    let source = try #require(loaded.config.source(tenant: "acme", source: "paypal"))
    #expect(source.certHosts == ["api.sandbox.example.com", "127.0.0.1:8443"])
    #expect(source.certFile == nil)
    #expect(loaded.warnings.isEmpty)

    let pinned = try load(
      source: """
        provider: paypal
        webhook_id: WH-1
        cert_file: /etc/hookgate/paypal.pem
        """)
    #expect(
      pinned.config.source(tenant: "acme", source: "paypal")?.certFile == "/etc/hookgate/paypal.pem"
    )
  }

  @Test func certHostThatIsAURLOrHasUserinfoIsAnErrorWithItsPosition() {
    for bad in ["https://evil.example", "user@evil.example", "evil.example/path", "x:0"] {
      let found = diagnostics(
        source: """
          provider: paypal
          webhook_id: WH-1
          cert_hosts: ["\(bad)"]
          """)
      #expect(
        found.contains { $0.severity == .error && $0.message.contains("cert_hosts[0]") },
        "\(bad): \(found)")
    }
  }

  @Test func emptyCertFileIsAnError() {
    let found = diagnostics(
      source: """
        provider: paypal
        webhook_id: WH-1
        cert_file: ""
        """)
    #expect(found.contains { $0.severity == .error && $0.message.contains("cert_file") })
  }

  @Test func certKeysOnAnotherProviderDrawAWarning() throws {
    let loaded = try load(
      source: """
        provider: github
        secrets: ["s"]
        cert_hosts: [example.com]
        cert_file: /x.pem
        """)
    #expect(
      loaded.warnings.filter { $0.message.contains("only used by provider paypal") }.count == 2)
  }

  @Test func certHostsBesideCertFileDrawAWarning() throws {
    let loaded = try load(
      source: """
        provider: paypal
        webhook_id: WH-1
        cert_hosts: [example.com]
        cert_file: /x.pem
        """)
    #expect(loaded.warnings.contains { $0.message.contains("cert_hosts is unused") })
  }
}
