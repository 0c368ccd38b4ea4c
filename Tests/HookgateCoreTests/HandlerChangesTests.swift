import Testing

@testable import HookgateCore

private func handler(_ name: String, url: String = "http://127.0.0.1:7001/events") -> Handler {
  Handler(name: name, url: url, secret: Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
}

private func config(_ handlers: Handler...) -> GatewayConfig {
  GatewayConfig(handlers: Dictionary(uniqueKeysWithValues: handlers.map { ($0.name, $0) }))
}

@Suite("HandlerChanges")
struct HandlerChangesTests {
  @Test func sameHandlersChangeNothing() {
    let changes = HandlerChanges(
      from: config(handler("a"), handler("b")), to: config(handler("b"), handler("a")))
    #expect(changes.isEmpty)
    #expect(changes.unchanged == ["a", "b"])
    #expect(changes.starting.isEmpty)
    #expect(changes.stopping.isEmpty)
  }

  @Test func newNameIsAddedAndMissingNameIsRemoved() {
    let changes = HandlerChanges(
      from: config(handler("a"), handler("old")), to: config(handler("a"), handler("new")))
    #expect(changes.added == ["new"])
    #expect(changes.removed == ["old"])
    #expect(changes.changed.isEmpty)
    #expect(changes.unchanged == ["a"])
    #expect(changes.starting == ["new"])
    #expect(changes.stopping == ["old"])
  }

  @Test func anyDifferentSettingReplacesTheHandler() {
    var secret = handler("secret")
    secret.secret = Secret("whsec_c2Vjb25kIHNlY3JldCBmb3IgdGVzdHM=")
    var rate = handler("rate")
    rate.rateLimit = Rate(count: 3, per: .seconds(1))
    var retry = handler("retry")
    retry.delivery.retry = RetryPolicy(schedule: [.seconds(1)])
    let changes = HandlerChanges(
      from: config(
        handler("url"), handler("secret"), handler("rate"), handler("retry"), handler("same")),
      to: config(
        handler("url", url: "http://127.0.0.1:7002/events"), secret, rate, retry, handler("same")))
    #expect(changes.changed == ["rate", "retry", "secret", "url"])
    #expect(changes.unchanged == ["same"])
    #expect(changes.starting == changes.stopping)
  }

  @Test func changedDefaultsReplaceEveryKeptHandler() {
    let old = config(handler("a"), handler("b"))
    var new = config(handler("a"), handler("c"))
    new.defaults.dedupeWindow = .seconds(60)
    let changes = HandlerChanges(from: old, to: new)
    #expect(changes.changed == ["a"])
    #expect(changes.added == ["c"])
    #expect(changes.removed == ["b"])
    #expect(changes.unchanged.isEmpty)
  }

  @Test func routesAloneDoNotTouchTheDeliverySide() {
    var new = config(handler("a"))
    new.routes = [Route(name: "all", match: RouteMatch(), to: ["a"])]
    #expect(HandlerChanges(from: config(handler("a")), to: new).isEmpty)
  }
}
