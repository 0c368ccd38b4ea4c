import Testing

@testable import HookgateCore

private func envelope(
  _ type: String, tenant: String = "acme", source: String = "stripe",
  provider: ProviderKind = .stripe
) -> Envelope {
  Envelope(
    tenant: tenant, source: source, provider: provider,
    event: NormalizedEvent(providerEventID: "evt_\(type)", providerType: type, type: type),
    receivedAtMilliseconds: 1_763_726_400_000, payload: Array("{}".utf8))
}

private func route(_ name: String, _ match: RouteMatch, to handlers: [String]) -> Route {
  Route(name: name, match: match, to: handlers)
}

/// The three routes of DESIGN.md's routes.yaml example.
private let designRoutes = EventRouter(routes: [
  route(
    "purchases-earn-points",
    RouteMatch(types: [Glob("payment.succeeded"), Glob("sale.completed"), Glob("invoice.paid")]),
    to: ["loyalty-point"]),
  route(
    "refunds", RouteMatch(types: [Glob("payment.refunded")]),
    to: ["loyalty-point", "reservation-status", "invoice-conversion"]),
  route(
    "paid-proformas-become-invoices",
    RouteMatch(types: [Glob("invoice.paid"), Glob("payment.succeeded")], tenants: ["acme"]),
    to: ["invoice-conversion", "reservation-status"]),
])

@Suite("EventRouter")
struct EventRouterTests {
  @Test func paymentSucceededForAcmeFansOutToThreeHandlersInRouteOrder() {
    #expect(
      designRoutes.handlers(for: envelope("payment.succeeded"))
        == ["loyalty-point", "invoice-conversion", "reservation-status"])
    #expect(
      designRoutes.matchingRoutes(for: envelope("payment.succeeded")).map(\.name)
        == ["purchases-earn-points", "paid-proformas-become-invoices"])
  }

  @Test func invoicePaidForAnotherTenantOnlyEarnsPoints() {
    #expect(
      designRoutes.handlers(for: envelope("invoice.paid", tenant: "globex")) == ["loyalty-point"])
  }

  @Test func refundGoesToEachOfItsHandlersOnce() {
    #expect(
      designRoutes.handlers(for: envelope("payment.refunded"))
        == ["loyalty-point", "reservation-status", "invoice-conversion"])
  }

  @Test func saleCompletedFromBillingEarnsPoints() {
    #expect(
      designRoutes.handlers(for: envelope("sale.completed", source: "billing", provider: .hmac))
        == ["loyalty-point"])
  }

  @Test func handlerNamedByTwoMatchingRoutesIsChosenOnce() {
    let router = EventRouter(routes: [
      route("a", RouteMatch(types: [Glob("payment.*")]), to: ["h1", "h2"]),
      route("b", RouteMatch(), to: ["h2", "h3", "h1"]),
      route("c", RouteMatch(tenants: ["acme"]), to: ["h3", "h4"]),
    ])
    #expect(router.handlers(for: envelope("payment.succeeded")) == ["h1", "h2", "h3", "h4"])
  }

  @Test func noMatchingRouteGivesNoHandlers() {
    #expect(designRoutes.handlers(for: envelope("payment.failed")).isEmpty)
    #expect(designRoutes.matchingRoutes(for: envelope("payment.failed")).isEmpty)
    #expect(EventRouter(routes: []).handlers(for: envelope("payment.succeeded")).isEmpty)
  }

  @Test func listOfTypesMatchesAnyOfThem() {
    let router = EventRouter(routes: [
      route("r", RouteMatch(types: [Glob("invoice.paid"), Glob("invoice.voided")]), to: ["h"])
    ])
    #expect(router.handlers(for: envelope("invoice.paid")) == ["h"])
    #expect(router.handlers(for: envelope("invoice.voided")) == ["h"])
    #expect(router.handlers(for: envelope("invoice.created")).isEmpty)
  }

  @Test func globTypeMatchesTheWholeFamily() {
    let router = EventRouter(routes: [route("r", RouteMatch(types: [Glob("payment.*")]), to: ["h"])]
    )
    #expect(router.handlers(for: envelope("payment.succeeded")) == ["h"])
    #expect(router.handlers(for: envelope("payment.refunded")) == ["h"])
    #expect(router.handlers(for: envelope("invoice.paid")).isEmpty)
    #expect(router.handlers(for: envelope("stripe.payment.x")).isEmpty)
  }

  @Test func starAndOmittedTypeMatchEveryType() {
    let star = EventRouter(routes: [route("r", RouteMatch(types: [Glob("*")]), to: ["h"])])
    let omitted = EventRouter(routes: [route("r", RouteMatch(), to: ["h"])])
    for type in ["payment.succeeded", "stripe.customer.created", "x"] {
      #expect(star.handlers(for: envelope(type)) == ["h"])
      #expect(omitted.handlers(for: envelope(type)) == ["h"])
    }
  }

  @Test func tenantFilterTakesOnlyListedTenants() {
    let router = EventRouter(routes: [
      route("r", RouteMatch(tenants: ["acme", "initech"]), to: ["h"])
    ])
    #expect(router.handlers(for: envelope("payment.succeeded", tenant: "acme")) == ["h"])
    #expect(router.handlers(for: envelope("payment.succeeded", tenant: "initech")) == ["h"])
    #expect(router.handlers(for: envelope("payment.succeeded", tenant: "globex")).isEmpty)
    #expect(router.handlers(for: envelope("payment.succeeded", tenant: "ACME")).isEmpty)
  }

  @Test func sourceFilterTakesOnlyListedSources() {
    let router = EventRouter(routes: [route("r", RouteMatch(sources: ["billing"]), to: ["h"])])
    #expect(
      router.handlers(for: envelope("sale.completed", source: "billing", provider: .hmac)) == ["h"])
    #expect(router.handlers(for: envelope("sale.completed", source: "stripe")).isEmpty)
  }

  @Test func providerFilterComparesTheProviderName() {
    let router = EventRouter(routes: [
      route("r", RouteMatch(providers: ["paypal", "standard-webhooks"]), to: ["h"])
    ])
    #expect(
      router.handlers(for: envelope("payment.succeeded", source: "pp", provider: .paypal)) == ["h"])
    #expect(
      router.handlers(for: envelope("x.y", source: "sw", provider: .standardWebhooks)) == ["h"])
    #expect(router.handlers(for: envelope("payment.succeeded")).isEmpty)
  }

  @Test func everyConditionOfAMatchMustHold() {
    let router = EventRouter(routes: [
      route(
        "r",
        RouteMatch(
          types: [Glob("payment.*")], tenants: ["acme"], sources: ["stripe"], providers: ["stripe"]),
        to: ["h"])
    ])
    #expect(router.handlers(for: envelope("payment.succeeded")) == ["h"])
    #expect(router.handlers(for: envelope("invoice.paid")).isEmpty)
    #expect(router.handlers(for: envelope("payment.succeeded", tenant: "globex")).isEmpty)
    #expect(router.handlers(for: envelope("payment.succeeded", source: "stripe2")).isEmpty)
    #expect(router.handlers(for: envelope("payment.succeeded", provider: .paypal)).isEmpty)
  }
}

@Suite("Glob")
struct GlobTests {
  @Test(arguments: ["payment.failed", "invoice.failed", ".failed", "a.b.failed"])
  func suffixGlobMatches(_ text: String) {
    #expect(Glob("*.failed").matches(text))
  }

  @Test(arguments: ["failed", "invoice.payment_failed", "payment.failed.x", "payment.failedx", ""])
  func suffixGlobRejects(_ text: String) {
    #expect(!Glob("*.failed").matches(text))
  }

  @Test(arguments: ["abc", "aXbYc", "abbc", "abcbc", "a.b.c", "aabbcc"])
  func twoStarGlobMatches(_ text: String) {
    #expect(Glob("a*b*c").matches(text))
  }

  @Test(arguments: ["ab", "ac", "acb", "abca", "bc", "xabc", "", "a", "c"])
  func twoStarGlobRejects(_ text: String) {
    #expect(!Glob("a*b*c").matches(text))
  }

  @Test func prefixAndSuffixMayNotOverlap() {
    #expect(!Glob("a*a").matches("a"))
    #expect(Glob("a*a").matches("aa"))
    #expect(!Glob("ab*b").matches("ab"))
    #expect(!Glob("a*b*b").matches("ab"))
    #expect(Glob("a*b*b").matches("abb"))
  }

  @Test func literalMatchesOnlyItself() {
    let glob = Glob("payment.succeeded")
    #expect(glob.isLiteral)
    #expect(glob.matches("payment.succeeded"))
    #expect(!glob.matches("payment.succeeded.x"))
    #expect(!glob.matches("Payment.Succeeded"))
    #expect(!glob.matches("payment"))
  }

  @Test func starAloneMatchesEverythingIncludingEmpty() {
    #expect(!Glob("*").isLiteral)
    #expect(Glob("*").matches(""))
    #expect(Glob("*").matches("anything.at.all"))
    #expect(Glob("**").matches("x"))
  }

  @Test func prefixGlobMatchesTheFamily() {
    #expect(Glob("payment.*").matches("payment.succeeded"))
    #expect(Glob("payment.*").matches("payment."))
    #expect(!Glob("payment.*").matches("payment"))
    #expect(!Glob("payment.*").matches("paymentx.succeeded"))
  }

  @Test func globsWithTheSamePatternAreEqual() {
    #expect(Glob("a*") == Glob("a*"))
    #expect(Glob("a*") != Glob("a"))
    #expect(Set([Glob("a*"), Glob("a*")]).count == 1)
    #expect(Glob("x.*").description == "x.*")
  }
}
