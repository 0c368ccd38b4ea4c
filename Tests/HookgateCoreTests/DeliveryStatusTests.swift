import Testing

@testable import HookgateCore

private func attempt(_ handler: String, _ outcome: String, error: String? = nil) -> LoggedAttempt {
  let errorJSON = error.map { "\"\($0)\"" } ?? "null"
  let line = """
    {"handler":"\(handler)","attempt":1,"at":"2026-11-23T22:00:00.000Z","status":null,\
    "latency_ms":12,"error":\(errorJSON),"response":"","outcome":"\(outcome)"}
    """
  return LoggedAttempt(Array(line.utf8))!
}

@Test func theLatestAttemptDecidesAHandlersState() {
  let deliveries = HandlerDeliveries.group(
    handlers: ["a", "b", "c", "d"],
    attempts: [
      attempt("a", "retry", error: "HTTP 500"), attempt("b", "retry"), attempt("a", "delivered"),
      attempt("b", "dead", error: "HTTP 503"), attempt("c", "retry"),
    ])
  #expect(deliveries.map(\.handler) == ["a", "b", "c", "d"])
  #expect(deliveries.map(\.state) == [.delivered, .dead, .retrying, .pending])
  #expect(deliveries[0].attempts.count == 2)
  #expect(deliveries[1].attempts.last?.error == "HTTP 503")
}

@Test func heldAttemptsCountAsPending() {
  #expect(DeliveryState(latestOutcome: "paused") == .pending)
  #expect(DeliveryState(latestOutcome: "waiting") == .pending)
  #expect(DeliveryState(latestOutcome: nil) == .pending)
}

@Test func attemptsForAHandlerNoLongerRoutedAreKeptAfterTheRoutedOnes() {
  let deliveries = HandlerDeliveries.group(handlers: ["a"], attempts: [attempt("old", "delivered")])
  #expect(deliveries.map(\.handler) == ["a", "old"])
}

@Test func anEventsStatusIsItsLeastFinishedHandler() {
  #expect(EventStatus([]) == .unrouted)
  #expect(EventStatus([.delivered, .delivered]) == .delivered)
  #expect(EventStatus([.delivered, .pending]) == .pending)
  #expect(EventStatus([.pending, .retrying, .delivered]) == .retrying)
  #expect(EventStatus([.retrying, .dead]) == .dead)
}

@Test func anAttemptLineWithoutAHandlerIsSkipped() {
  #expect(LoggedAttempt(Array("{\"outcome\":\"delivered\"}".utf8)) == nil)
  #expect(LoggedAttempt(Array("not json".utf8)) == nil)
}

@Test func handlerHealthPutsAnOperatorsPauseFirst() {
  #expect(HandlerHealth(paused: true, breakerState: "open", retrying: 3) == .paused)
  #expect(HandlerHealth(paused: false, breakerState: "open", retrying: 0) == .open)
  #expect(HandlerHealth(paused: false, breakerState: "half_open", retrying: 0) == .halfOpen)
  #expect(HandlerHealth(paused: false, breakerState: "closed", retrying: 2) == .degraded)
  #expect(HandlerHealth(paused: false, breakerState: nil, retrying: 0) == .ok)
}
