import HookgateCore
import Testing

private let secretEnvironment = ["S": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]

/// A minimal routes.yaml with `delivery` under defaults and `handler` under handler `h`.
private func yaml(delivery: String = "", handler: String = "") -> String {
  """
  version: 1
  defaults:
    delivery:
      timeout: 5s
  \(delivery)
  handlers:
    h:
      url: "http://127.0.0.1:1/events"
      secret: "${S}"
  \(handler)
  routes:
    - name: all
      match: {type: "*"}
      to: [h]
  """
}

private func handler(delivery: String = "", handler: String = "") throws -> Handler {
  let loaded = try ConfigLoader.load(
    yaml: yaml(delivery: delivery, handler: handler), file: "routes.yaml",
    environment: secretEnvironment)
  return try #require(loaded.config.handlers["h"])
}

private func errors(delivery: String = "", handler: String = "") -> [ConfigDiagnostic] {
  do {
    _ = try ConfigLoader.load(
      yaml: yaml(delivery: delivery, handler: handler), file: "routes.yaml",
      environment: secretEnvironment)
    Issue.record("expected the configuration not to load")
    return []
  } catch {
    return error.diagnostics.filter { $0.severity == .error }
  }
}

@Suite("breaker: configuration")
struct BreakerConfigTests {
  @Test func handlersGetTheDefaultBreakerWhenNoneIsWritten() throws {
    #expect(try handler().delivery.breaker == BreakerPolicy())
  }

  @Test func theIssueExampleUnderAHandlerSetsEachField() throws {
    let policy = try #require(
      try handler(handler: "    breaker: {failures: 5, ratio: 25%, window: 2m, cooldown: 10s}")
        .delivery.breaker)
    #expect(policy.failures == 5)
    #expect(policy.ratio == 0.25)
    #expect(policy.window == .seconds(120))
    #expect(policy.cooldown == .seconds(10))
    #expect(policy.maxCooldown == .seconds(300))
    #expect(policy.minimumAttempts == 20)
  }

  @Test func aHandlerOverridesOnlyWhatItWritesOverTheDefaults() throws {
    let policy = try #require(
      try handler(
        delivery: "    breaker: {failures: 4, min_attempts: 8, successes: 3, max_cooldown: 1m}",
        handler: "    breaker: {cooldown: 2s}"
      ).delivery.breaker)
    #expect(policy.failures == 4)
    #expect(policy.minimumAttempts == 8)
    #expect(policy.successes == 3)
    #expect(policy.maxCooldown == .seconds(60))
    #expect(policy.cooldown == .seconds(2))
  }

  @Test func offDisablesTheBreaker() throws {
    #expect(try handler(delivery: "    breaker: off").delivery.breaker == nil)
    #expect(try handler(handler: "    breaker: off").delivery.breaker == nil)
  }

  @Test func aCooldownLongerThanTheDefaultCapBecomesTheCap() throws {
    let policy = try #require(try handler(handler: "    breaker: {cooldown: 10m}").delivery.breaker)
    #expect(policy.maxCooldown == .seconds(600))
  }

  @Test func aMistypedKeyIsPlacedAndGetsASuggestion() throws {
    let found = errors(handler: "    breaker: {failurs: 5}")
    let error = try #require(found.first)
    #expect(found.count == 1)
    #expect((error.line, error.column) == (10, 15))
    #expect(error.message.hasPrefix("unknown key 'failurs' in handlers.h.breaker"))
    #expect(error.message.contains("did you mean 'failures'?"))
  }

  @Test func breakerIsAKnownDeliveryKeyWithASuggestionForTypos() throws {
    let found = errors(delivery: "    breakr: off")
    #expect(found.first?.message.contains("did you mean 'breaker'?") == true)
  }

  @Test(arguments: ["50", "0%", "101%", "half", "-5%"])
  func ratioMustBeAPercentage(_ text: String) throws {
    let found = errors(handler: "    breaker: {ratio: \"\(text)\"}")
    let error = try #require(found.first)
    #expect(error.message.hasPrefix("handlers.h.breaker.ratio must be a percentage"))
    #expect(error.line == 10)
  }

  @Test func badValuesAreReportedWithTheirPath() {
    let found = errors(
      handler: "    breaker: {failures: 0, window: 1 minute, cooldown: 1m, max_cooldown: 30s}")
    let messages = found.map(\.message)
    #expect(messages.contains { $0.hasPrefix("handlers.h.breaker.failures must be a whole") })
    #expect(messages.contains { $0.hasPrefix("handlers.h.breaker.window: invalid duration") })
    #expect(
      messages.contains("handlers.h.breaker.max_cooldown must not be shorter than cooldown"))
  }

  @Test func aWordOtherThanOffIsRefused() throws {
    let found = errors(handler: "    breaker: sometimes")
    #expect(found.first?.message.hasPrefix("handlers.h.breaker must be 'off' or a mapping") == true)
  }
}
