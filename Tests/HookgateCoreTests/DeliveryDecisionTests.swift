import Testing

@testable import HookgateCore

private let policy = RetryPolicy(
  schedule: [.seconds(5), .seconds(30), .seconds(120)], jitter: .none)

@Suite("DeliveryDecision")
struct DeliveryDecisionTests {
  @Test(arguments: [200, 201, 202, 204, 299])
  func anyTwoHundredIsDelivered(_ status: Int) {
    #expect(
      DeliveryDecision.after(.response(status: status), attemptsMade: 1, policy: policy, unit: 0.5)
        == .delivered)
  }

  @Test func twoHundredIsDeliveredEvenOnTheLastAttempt() {
    #expect(
      DeliveryDecision.after(
        .response(status: 200), attemptsMade: policy.maxAttempts, policy: policy, unit: 0.5)
        == .delivered)
  }

  @Test(arguments: [100, 199, 300, 301, 304, 400, 401, 404, 409, 429, 500, 502, 503, 504])
  func nonTwoHundredStatusIsRetried(_ status: Int) {
    #expect(
      DeliveryDecision.after(.response(status: status), attemptsMade: 1, policy: policy, unit: 0.5)
        == .retry(after: .seconds(5), error: "HTTP \(status)"))
  }

  @Test func serverErrorIsRetriedOnTheScheduleUntilItIsExhaustedThenDeadLettered() {
    let decisions = (1...policy.maxAttempts).map {
      DeliveryDecision.after(.response(status: 500), attemptsMade: $0, policy: policy, unit: 0.5)
    }
    #expect(
      decisions == [
        .retry(after: .seconds(5), error: "HTTP 500"),
        .retry(after: .seconds(30), error: "HTTP 500"),
        .retry(after: .seconds(120), error: "HTTP 500"),
        .deadLetter(error: "HTTP 500"),
      ])
  }

  @Test func timeoutIsRetriedWithItsMessageThenDeadLettered() {
    let timeout = AttemptResult.failure("timeout after 10s")
    #expect(
      DeliveryDecision.after(timeout, attemptsMade: 1, policy: policy, unit: 0.5)
        == .retry(after: .seconds(5), error: "timeout after 10s"))
    #expect(
      DeliveryDecision.after(timeout, attemptsMade: 3, policy: policy, unit: 0.5)
        == .retry(after: .seconds(120), error: "timeout after 10s"))
    #expect(
      DeliveryDecision.after(timeout, attemptsMade: 4, policy: policy, unit: 0.5)
        == .deadLetter(error: "timeout after 10s"))
  }

  @Test func emptyScheduleDeadLettersAfterTheFirstFailure() {
    let once = RetryPolicy(schedule: [], jitter: .none)
    #expect(
      DeliveryDecision.after(.failure("connection refused"), attemptsMade: 1, policy: once, unit: 0)
        == .deadLetter(error: "connection refused"))
  }

  @Test func retryDelayFollowsTheJitterOfThePolicy() {
    let full = RetryPolicy(schedule: [.seconds(10)], jitter: .full)
    #expect(
      DeliveryDecision.after(.response(status: 503), attemptsMade: 1, policy: full, unit: 0)
        == .retry(after: .zero, error: "HTTP 503"))
    #expect(
      DeliveryDecision.after(.response(status: 503), attemptsMade: 1, policy: full, unit: 0.5)
        == .retry(after: .seconds(5), error: "HTTP 503"))
  }

  @Test func attemptSummaryNamesTheStatusOrTheFailure() {
    #expect(AttemptResult.response(status: 502).summary == "HTTP 502")
    #expect(AttemptResult.failure("could not resolve host").summary == "could not resolve host")
  }
}

@Suite("DeliveryDecision for 410 Gone")
struct GoneDecisionTests {
  @Test func goneAsksToPauseTheHandlerEvenOnTheLastAttempt() {
    for attempts in [1, policy.maxAttempts] {
      #expect(
        DeliveryDecision.after(
          .response(status: 410), attemptsMade: attempts, policy: policy, unit: 0.5)
          == .pauseHandler(error: "HTTP 410"))
    }
  }
}
