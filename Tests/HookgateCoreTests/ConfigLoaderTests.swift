import Foundation
import HookgateCore
import Testing

/// The example routes.yaml from DESIGN.md, verbatim (it is a contract: it must load).
private let example: String = {
  guard
    let url = Bundle.module.url(
      forResource: "routes.example", withExtension: "yaml", subdirectory: "Fixtures"),
    let text = try? String(contentsOf: url, encoding: .utf8)
  else { fatalError("Fixtures/routes.example.yaml is missing from the test bundle") }
  return text
}()

private let loyaltySecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
private let reservationsSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
private let invoicesSecret = "whsec_R2VoZWltbmlzSW52b2ljZXNLZXkxMjM0NQ=="

private let exampleEnvironment = [
  "ACME_STRIPE_SECRET": "whsec_stripe_endpoint_secret_for_tests",
  "ACME_PAYPAL_WEBHOOK_ID": "8PT597110X687430LKGECATA",
  "ACME_BILLING_SECRET": "billing-shared-secret-for-tests",
  "LOYALTY_SIGNING_SECRET": loyaltySecret,
  "RESERVATIONS_SIGNING_SECRET": reservationsSecret,
  "INVOICES_SIGNING_SECRET": invoicesSecret,
]

private func load(
  _ yaml: String = example, environment: [String: String] = exampleEnvironment
) throws -> LoadedConfig {
  try ConfigLoader.load(yaml: yaml, file: "routes.yaml", environment: environment)
}

/// The diagnostics of a configuration expected not to load.
private func failures(
  _ yaml: String = example, environment: [String: String] = exampleEnvironment
) -> [ConfigDiagnostic] {
  do {
    let loaded = try ConfigLoader.load(
      yaml: yaml, file: "routes.yaml", environment: environment)
    Issue.record("expected errors, but it loaded: \(ConfigLoader.summary(of: loaded.config))")
    return []
  } catch {
    return error.diagnostics
  }
}

/// The example with one piece of text swapped, so errors land on known lines.
private func example(replacing target: String, with replacement: String) -> String {
  if !example.contains(target) { Issue.record("the example has no '\(target)'") }
  return example.replacingOccurrences(of: target, with: replacement)
}

private func errors(_ diagnostics: [ConfigDiagnostic]) -> [ConfigDiagnostic] {
  diagnostics.filter { $0.severity == .error }
}

@Suite("routes.yaml example from DESIGN.md")
struct ExampleConfigTests {
  @Test func loadsWithTheSummaryOfOneTenantThreeSourcesHandlersAndRoutes() throws {
    let loaded = try load()
    #expect(
      ConfigLoader.summary(of: loaded.config) == "1 tenant, 3 sources, 3 handlers, 3 routes")
    #expect(loaded.config.version == 1)
  }

  @Test func readsTheDefaultsIncludingTheTenEntryRetrySchedule() throws {
    let defaults = try load().config.defaults
    #expect(defaults.dedupeWindow == .seconds(72 * 3600))
    #expect(defaults.tolerance == .seconds(300))
    #expect(defaults.maxBody == 1_048_576)
    #expect(defaults.durability == .local)
    #expect(defaults.delivery.timeout == .seconds(10))
    #expect(defaults.delivery.visibilityTimeout == .seconds(30))
    #expect(defaults.delivery.concurrency == 16)
    #expect(defaults.delivery.retry.jitter == .full)
    #expect(
      defaults.delivery.retry.schedule == [
        .seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800),
        .seconds(3600), .seconds(3 * 3600), .seconds(6 * 3600), .seconds(12 * 3600),
        .seconds(24 * 3600),
      ])
    #expect(defaults.delivery.retry.schedule.count == 10)
  }

  @Test func stripeKeepsOneSecretAndWarnsAboutTheEmptyOptionalOne() throws {
    let loaded = try load()
    let stripe = try #require(loaded.config.source(tenant: "acme", source: "stripe"))
    #expect(stripe.provider == .stripe)
    #expect(stripe.secrets == [Secret("whsec_stripe_endpoint_secret_for_tests")])
    #expect(stripe.tolerance == .seconds(300))
    #expect(stripe.dedupeWindow == .seconds(72 * 3600))
    #expect(stripe.maxBody == 1 << 20)
    #expect(loaded.warnings.count == 1)
    let warning = try #require(loaded.warnings.first)
    #expect(warning.severity == .warning)
    #expect((warning.line, warning.column) == (15, 44))
    #expect(warning.message.contains("acme/stripe"))
    #expect(warning.description.hasPrefix("routes.yaml:15:44: warning: "))
  }

  @Test func paypalTakesItsWebhookIDFromTheEnvironment() throws {
    let paypal = try #require(try load().config.source(tenant: "acme", source: "paypal"))
    #expect(paypal.provider == .paypal)
    #expect(paypal.webhookID == "8PT597110X687430LKGECATA")
    #expect(paypal.secrets.isEmpty)
  }

  @Test func billingReadsSignatureFormatAndJSONPathLocators() throws {
    let billing = try #require(try load().config.source(tenant: "acme", source: "billing"))
    #expect(billing.provider == .hmac)
    #expect(billing.secrets == [Secret("billing-shared-secret-for-tests")])
    #expect(
      billing.signature
        == SignatureFormat(header: "X-Signature", encoding: .hex, prefix: "sha256="))
    #expect(billing.eventID == .jsonPath(try JSONPath(parsing: "$.invoice_number")))
    #expect(billing.eventType == .jsonPath(try JSONPath(parsing: "$.event")))
    #expect(
      billing.fields == [
        "customer.phone": .jsonPath(try JSONPath(parsing: "$.customer_phone")),
        "amount": .jsonPath(try JSONPath(parsing: "$.total_amount")),
        "reference": .jsonPath(try JSONPath(parsing: "$.invoice_number")),
        "items": .jsonPath(try JSONPath(parsing: "$.products")),
        "occurred_at": .jsonPath(try JSONPath(parsing: "$.sale_date")),
      ])
  }

  @Test func handlersUseTheDefaultURLsWhenTheirVariablesAreUnset() throws {
    let handlers = try load().config.handlers
    #expect(handlers.count == 3)
    #expect(handlers["loyalty-point"]?.url == "http://127.0.0.1:7001/events")
    #expect(handlers["reservation-status"]?.url == "http://127.0.0.1:7002/events")
    #expect(handlers["invoice-conversion"]?.url == "http://127.0.0.1:7003/events")
    #expect(handlers["loyalty-point"]?.secret == Secret(loyaltySecret))
    #expect(handlers["reservation-status"]?.orderBy == "data.reference")
    #expect(handlers["reservation-status"]?.rateLimit == nil)
    #expect(handlers["invoice-conversion"]?.rateLimit == Rate(count: 3, per: .seconds(1)))
    #expect(handlers["invoice-conversion"]?.orderBy == nil)
    #expect(handlers["loyalty-point"]?.delivery == (try load().config.defaults.delivery))
  }

  @Test func handlerURLComesFromTheEnvironmentWhenSet() throws {
    var environment = exampleEnvironment
    environment["LOYALTY_URL"] = "https://loyalty.internal/hooks"
    let handlers = try load(environment: environment).config.handlers
    #expect(handlers["loyalty-point"]?.url == "https://loyalty.internal/hooks")
  }

  @Test func routesKeepFileOrderTypesTenantsAndTargets() throws {
    let routes = try load().config.routes
    #expect(
      routes.map(\.name) == [
        "purchases-earn-points", "refunds", "paid-proformas-become-invoices",
      ])
    #expect(
      routes[0].match
        == RouteMatch(types: [
          Glob("payment.succeeded"), Glob("sale.completed"), Glob("invoice.paid"),
        ]))
    #expect(routes[0].to == ["loyalty-point"])
    #expect(routes[1].match == RouteMatch(types: [Glob("payment.refunded")]))
    #expect(routes[1].to == ["loyalty-point", "reservation-status", "invoice-conversion"])
    #expect(
      routes[2].match
        == RouteMatch(
          types: [Glob("invoice.paid"), Glob("payment.succeeded")], tenants: ["acme"]))
    #expect(routes[2].to == ["invoice-conversion", "reservation-status"])
  }
}

@Suite("routes.yaml errors, each at its line:col")
struct ConfigErrorTests {
  @Test func missingRequiredVariableIsNamedAtItsScalar() throws {
    var environment = exampleEnvironment
    environment["ACME_PAYPAL_WEBHOOK_ID"] = nil
    let found = errors(failures(environment: environment))
    #expect(found.count == 1)
    let error = try #require(found.first)
    #expect((error.line, error.column) == (18, 21))
    #expect(error.message.contains("ACME_PAYPAL_WEBHOOK_ID"))
    #expect(
      error.description.hasPrefix(
        "routes.yaml:18:21: environment variable ACME_PAYPAL_WEBHOOK_ID is not set"))
  }

  @Test func mistypedKeyIsReportedWithASuggestion() throws {
    let found = errors(
      failures(example(replacing: "dedupe_window: 72h", with: "dedupe_windw: 72h")))
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (3, 3))
    #expect(error.message.hasPrefix("unknown key 'dedupe_windw' in defaults"))
    #expect(error.message.contains("did you mean 'dedupe_window'?"))
    #expect(error.message.contains("valid keys: dedupe_window, tolerance, max_body"))
  }

  @Test func unknownKeysAreCaughtAtEveryLevel() {
    let yaml = """
      version: 1
      tenant:
        acme: {}
      handlers:
        h:
          url: http://127.0.0.1/x
          secret: \(loyaltySecret)
          retries: 3
      routes:
        - name: r
          match: {typ: a.b}
          to: h
      """
    let found = errors(failures(yaml, environment: [:]))
    #expect(found.map { "\($0.line):\($0.column)" } == ["2:1", "8:5", "11:13"])
    #expect(
      found[0].message.hasPrefix(
        "unknown key 'tenant' in the top level; did you mean 'tenants'?"))
    #expect(found[1].message.hasPrefix("unknown key 'retries' in handler 'h'"))
    #expect(
      found[2].message.hasPrefix("unknown key 'typ' in route 'r' match; did you mean 'type'?")
    )
  }

  @Test func routeToUndefinedHandlerIsReportedAtTheName() throws {
    let found = errors(
      failures(example(replacing: "to: [loyalty-point]", with: "to: [loyalty-points]")))
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (44, 10))
    #expect(
      error.message.hasPrefix(
        "route 'purchases-earn-points' sends to undefined handler 'loyalty-points'"))
    #expect(error.message.contains("did you mean 'loyalty-point'?"))
  }

  @Test func duplicateRouteNameIsReportedAtTheSecond() throws {
    let found = errors(
      failures(example(replacing: "name: refunds", with: "name: purchases-earn-points")))
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (45, 11))
    #expect(
      error.message == "duplicate route name 'purchases-earn-points' (first used at line 42)")
  }

  @Test func unknownProviderIsAnErrorNeverAFallback() throws {
    let found = errors(
      failures(example(replacing: "provider: paypal", with: "provider: paypall")))
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (17, 19))
    #expect(
      error.message.hasPrefix(
        "unknown provider 'paypall' for source acme/paypal; did you mean 'paypal'?"))
  }

  @Test func badDurationShowsTheExpectedForm() throws {
    let found = errors(failures(example(replacing: "tolerance: 5m", with: "tolerance: 5mins")))
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (4, 14))
    #expect(error.message.hasPrefix("defaults.tolerance: invalid duration '5mins'"))
    #expect(error.message.contains("1h30m"))
  }

  @Test func handlerSecretThatIsNotBase64IsRefusedWithoutShowingIt() throws {
    let badSecret = "whsec_not*base64!secret"
    var environment = exampleEnvironment
    environment["INVOICES_SIGNING_SECRET"] = badSecret
    let found = failures(environment: environment)
    let error = try #require(errors(found).first)
    #expect(errors(found).count == 1)
    #expect((error.line, error.column) == (38, 13))
    #expect(
      error.message.contains(
        "handler 'invoice-conversion' secret is not a Standard Webhooks secret"))
    #expect(!found.map(\.description).joined().contains("not*base64"))
  }

  @Test func sourceLeftWithoutSecretsIsAnErrorAtItsSecretsKey() throws {
    var environment = exampleEnvironment
    environment["ACME_BILLING_SECRET"] = ""
    let found = failures(environment: environment)
    let error = try #require(errors(found).first)
    #expect(errors(found).count == 1)
    #expect((error.line, error.column) == (21, 9))
    #expect(
      error.message
        == "source acme/billing has no secret left after empty values were dropped")
    let dropped = found.filter { $0.severity == .warning && $0.line == 21 }
    #expect(dropped.map(\.column) == [19])
  }

  @Test func everyErrorIsReportedInOnePassSortedByLine() {
    var yaml = example(replacing: "to: [loyalty-point]", with: "to: [nobody]")
    yaml = yaml.replacingOccurrences(of: "tolerance: 5m", with: "tolerance: soon")
    yaml = yaml.replacingOccurrences(of: "provider: paypal", with: "provider: payments")
    var environment = exampleEnvironment
    environment["LOYALTY_SIGNING_SECRET"] = nil
    let found = errors(failures(yaml, environment: environment))
    #expect(found.map(\.line) == [4, 17, 31, 44])
  }

  @Test func yamlSyntaxErrorCarriesItsPosition() throws {
    let found = failures(
      "version: 1\ntenants:\n  acme: [a, b\nhandlers: {}\n", environment: [:])
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect(error.message.hasPrefix("YAML syntax error: "))
    #expect(error.line == 4)
    #expect(error.description.hasPrefix("routes.yaml:4:"))
  }

  @Test func duplicateYAMLKeyIsAnError() throws {
    let found = failures("version: 1\nversion: 1\n", environment: [:])
    let error = try #require(found.first)
    #expect(error.message.contains("duplicate key 'version'"))
    #expect(error.line == 1)
  }

  @Test func versionIsRequiredAndMustBeOne() {
    #expect(
      errors(failures("tenants: {}\n", environment: [:])).map(\.message).first?.contains(
        "missing required key 'version'") == true)
    let wrong = errors(failures("version: 2\n", environment: [:]))
    #expect(wrong.map { "\($0.line):\($0.column)" } == ["1:10"])
  }

  @Test func matchWhereOfTheContractLoads() throws {
    let yaml = example(
      replacing: "match: {type: payment.refunded}",
      with: "match: {type: payment.refunded, where: {data.currency: {eq: RON}}}")
    let route = try #require(try load(yaml).config.routes.first { $0.name == "refunds" })
    #expect(route.match.where.map(\.description) == [#"data.currency eq "RON""#])
  }

  @Test func providersAreCheckedForWhatTheyCannotVerifyWithout() {
    let yaml = """
      version: 1
      tenants:
        t:
          sources:
            s1: {provider: stripe}
            s2: {provider: paypal, webhook_id: ""}
            s3: {provider: hmac, secrets: [k]}
            s4: {provider: square, secrets: [k]}
            bad/name: {provider: github, secrets: [k]}
            s5: {secrets: [k]}
      """
    let found = errors(failures(yaml, environment: [:]))
    #expect(
      found.map { "\($0.line):\($0.column)" } == ["5:7", "6:42", "7:7", "8:7", "9:7", "10:7"])
    #expect(
      found[0].message == "source t/s1 (provider stripe) is missing required key 'secrets'")
    #expect(found[1].message == "source t/s2 has an empty webhook_id; provider paypal needs it")
    #expect(found[2].message.contains("missing required key 'signature'"))
    #expect(found[3].message.contains("missing required key 'notification_url'"))
    #expect(found[4].message.hasPrefix("source name 'bad/name' may only use"))
    #expect(found[5].message.hasPrefix("source t/s5 is missing required key 'provider'"))
  }

  @Test func secretValuesNeverAppearInMessages() {
    let secrets = ["s3cr3t-one", "whsec_???", "s3cr3t-two"]
    let yaml = """
      version: 1
      tenants:
        t:
          sources:
            s: {provider: stripe, secrets: ["${A}", {value: "${B}", expires: tomorrow}]}
      handlers:
        h: {url: "${URL}", secret: "${C}"}
      """
    let environment = [
      "A": secrets[0], "B": secrets[2], "C": secrets[1], "URL": "ftp://u:s3cr3t-two@x",
    ]
    let found = failures(yaml, environment: environment)
    #expect(found.count == 3)
    for secret in secrets {
      #expect(!found.map(\.description).joined().contains(secret))
    }
  }
}

@Suite("routes.yaml values and defaults")
struct ConfigValueTests {
  @Test func missingSectionsTakeTheModelDefaults() throws {
    let loaded = try load(
      "version: 1\ntenants:\n  t:\n    sources:\n      s: {provider: github, secrets: [k]}\n",
      environment: [:])
    #expect(loaded.config.defaults == Defaults())
    #expect(loaded.config.handlers.isEmpty)
    #expect(loaded.config.routes.isEmpty)
    #expect(loaded.warnings.isEmpty)
    #expect(
      ConfigLoader.summary(of: loaded.config) == "1 tenant, 1 source, 0 handlers, 0 routes")
  }

  @Test func aVisibilityTimeoutNotLongerThanTheTimeoutIsWarnedAboutWhereItIsSet() throws {
    let yaml = """
      version: 1
      defaults:
        delivery: {timeout: 5s}
      handlers:
        slow:
          url: https://example.com/slow
          secret: MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
          visibility_timeout: 5s
        fine:
          url: https://example.com/fine
          secret: MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
      """
    let loaded = try load(yaml, environment: [:])
    #expect(loaded.config.handlers.count == 2)
    let warnings = loaded.warnings.filter { $0.message.contains("visibility_timeout") }
    #expect(warnings.count == 1)
    let warning = try #require(warnings.first)
    #expect((warning.line, warning.column) == (8, 25))
    #expect(
      warning.message
        == "handler 'slow' visibility_timeout (5s) is not longer than its timeout (5s): another"
        + " instance may take over a delivery still in flight and send it twice")
  }

  @Test func handlerDeliveryOverridesMergeOverTheDefaults() throws {
    let yaml = """
      version: 1
      defaults:
        delivery: {timeout: 5s, concurrency: 4, retry: {schedule: [1s, 0s], jitter: none}}
      handlers:
        h:
          url: https://example.com/hook
          secret: MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
          retry: {jitter: equal}
          visibility_timeout: 2m
          rate_limit: 500/m
      """
    let handler = try #require(try load(yaml, environment: [:]).config.handlers["h"])
    #expect(handler.secret == Secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
    #expect(handler.rateLimit == Rate(count: 500, per: .seconds(60)))
    #expect(
      handler.delivery
        == DeliveryPolicy(
          timeout: .seconds(5),
          retry: RetryPolicy(schedule: [.seconds(1), .zero], jitter: .equal),
          visibilityTimeout: .seconds(120), concurrency: 4))
  }

  @Test(arguments: [
    ("local", Durability.local),
    ("replicated", .replicated(replicas: 1, timeout: .milliseconds(500))),
    ("{mode: local}", .local),
    (
      "{mode: replicated, replicas: 2, timeout: 250ms}",
      .replicated(replicas: 2, timeout: .milliseconds(250))
    ),
  ])
  func durabilityTakesANameOrAMap(text: String, expected: Durability) throws {
    let loaded = try load("version: 1\ndefaults:\n  durability: \(text)\n", environment: [:])
    #expect(loaded.config.defaults.durability == expected)
  }

  @Test func sourceOverridesAndSecretEntriesWithExpiry() throws {
    let yaml = """
      version: 1
      defaults: {max_body: 512KiB}
      tenants:
        t:
          sources:
            s:
              provider: square
              notification_url: https://hooks.example.com/webhooks/t/s
              secrets: [{value: new, expires: 2026-12-31T00:00:00Z}, old]
              tolerance: 30s
              dedupe_window: 1d
              event_id: "header:X-Event-Id"
      """
    let source = try #require(
      try load(yaml, environment: [:]).config.source(tenant: "t", source: "s"))
    #expect(
      source.secrets == [
        Secret("new", expires: Date(timeIntervalSince1970: 1_798_675_200)), Secret("old"),
      ])
    #expect(source.notificationURL == "https://hooks.example.com/webhooks/t/s")
    #expect(source.tolerance == .seconds(30))
    #expect(source.dedupeWindow == .seconds(86_400))
    #expect(source.maxBody == 512 * 1024)
    #expect(source.eventID == .header("X-Event-Id"))
  }

  @Test(arguments: [
    "2026-12-31T00:00:00Z", "2026-12-31T02:00:00+02:00", "2026-12-31T00:00:00.000Z",
  ])
  func secretExpiryAcceptsRFC3339Timestamps(timestamp: String) throws {
    let yaml = """
      version: 1
      tenants:
        t:
          sources:
            s: {provider: github, secrets: [{value: k, expires: "\(timestamp)"}]}
      """
    let source = try #require(
      try load(yaml, environment: [:]).config.source(tenant: "t", source: "s"))
    #expect(source.secrets.first?.expires == Date(timeIntervalSince1970: 1_798_675_200))
  }

  @Test func yamlMergeKeysShareHandlerSettings() throws {
    let yaml = """
      version: 1
      x-common: &common
        secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
        timeout: 3s
      handlers:
        a: {<<: *common, url: "http://127.0.0.1:1/a"}
        b: {<<: *common, url: "http://127.0.0.1:1/b", timeout: 4s}
      """
    let found = errors(failures(yaml, environment: [:]))
    // Top-level extension keys are not allowed, so the anchor must live elsewhere.
    #expect(found.map(\.message).first?.hasPrefix("unknown key 'x-common'") == true)

    let allowed = """
      version: 1
      handlers:
        a: &common
          url: "http://127.0.0.1:1/a"
          secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
          timeout: 3s
        b: {<<: *common, url: "http://127.0.0.1:1/b", concurrency: 2}
      """
    let handlers = try load(allowed, environment: [:]).config.handlers
    #expect(handlers["b"]?.url == "http://127.0.0.1:1/b")
    #expect(handlers["b"]?.secret == handlers["a"]?.secret)
    #expect(handlers["b"]?.delivery.timeout == .seconds(3))
    #expect(handlers["b"]?.delivery.concurrency == 2)
  }

  @Test func routeWithoutMatchTakesEverythingAndToMayBeOneName() throws {
    let yaml = """
      version: 1
      handlers:
        h: {url: "http://127.0.0.1:9/x", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
      routes:
        - {name: all, to: h}
        - {name: payments, match: {type: "payment.*", provider: [stripe, paypal]}, to: [h]}
      """
    let routes = try load(yaml, environment: [:]).config.routes
    #expect(
      routes == [
        Route(name: "all", match: RouteMatch(), to: ["h"]),
        Route(
          name: "payments",
          match: RouteMatch(types: [Glob("payment.*")], providers: ["stripe", "paypal"]),
          to: ["h"]),
      ])
  }

  @Test func diagnosticDescriptionsFollowTheCompilerForm() {
    let error = ConfigDiagnostic(file: "r.yaml", line: 3, column: 7, message: "bad")
    let warning = ConfigDiagnostic(
      file: "r.yaml", line: 4, column: 1, message: "odd", severity: .warning)
    #expect(error.description == "r.yaml:3:7: bad")
    #expect(warning.description == "r.yaml:4:1: warning: odd")
    #expect(
      ConfigErrors(diagnostics: [error, warning]).description
        == "r.yaml:3:7: bad\nr.yaml:4:1: warning: odd")
  }
}
