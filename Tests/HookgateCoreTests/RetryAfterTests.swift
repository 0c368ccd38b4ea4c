import Foundation
import Testing

@testable import HookgateCore

@Suite("Retry-After")
struct RetryAfterTests {
  let now = Date(timeIntervalSince1970: 1_445_412_400)  // Wed, 21 Oct 2015 07:26:40 GMT

  @Test func delaySecondsAreTakenAsIs() {
    #expect(RetryAfter.delay(from: "120", now: now) == .seconds(120))
    #expect(RetryAfter.delay(from: " 0 ", now: now) == .zero)
  }

  @Test func httpDateIsTheDelayFromNow() {
    // RFC 9110's own example date, 80 s after `now`.
    #expect(RetryAfter.delay(from: "Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(80))
    #expect(RetryAfter.epochSeconds(ofHTTPDate: "Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
  }

  @Test func dateInThePastMeansNoWait() {
    #expect(RetryAfter.delay(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .zero)
  }

  @Test(arguments: [
    "-5", "soon", "", "Wed, 21 Oct 2015 07:28:00 PST", "21 Oct 2015 07:28:00 GMT",
    "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT",
    "Wed, 21 Oct 2015 25:28:00 GMT",
  ])
  func garbageIsIgnored(_ value: String) {
    #expect(RetryAfter.delay(from: value, now: now) == nil)
  }

  @Test func throttledHandlerIsRetriedWhenItAskedClampedToBounds() {
    let policy = RetryPolicy(schedule: [.seconds(5), .seconds(30)], jitter: .none)
    func decide(_ status: Int, _ asked: Duration?) -> DeliveryDecision {
      .after(
        .response(status: status, retryAfter: asked), attemptsMade: 1, policy: policy, unit: 0.5)
    }
    #expect(decide(429, .seconds(90)) == .retry(after: .seconds(90), error: "HTTP 429"))
    #expect(decide(503, .seconds(20)) == .retry(after: .seconds(20), error: "HTTP 503"))
    #expect(decide(429, .zero) == .retry(after: .seconds(1), error: "HTTP 429"))
    #expect(decide(503, .seconds(86_400)) == .retry(after: .seconds(3600), error: "HTTP 503"))
    // Other statuses keep the schedule even if they send Retry-After; so does 429 without it.
    #expect(decide(500, .seconds(90)) == .retry(after: .seconds(5), error: "HTTP 500"))
    #expect(decide(429, nil) == .retry(after: .seconds(5), error: "HTTP 429"))
  }

  @Test func retryAfterDoesNotExtendTheAttemptBudget() {
    let policy = RetryPolicy(schedule: [.seconds(5)], jitter: .none)
    let last = DeliveryDecision.after(
      .response(status: 429, retryAfter: .seconds(60)), attemptsMade: 2, policy: policy, unit: 0)
    #expect(last == .deadLetter(error: "HTTP 429"))
  }
}
