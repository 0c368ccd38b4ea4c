import Testing

@testable import HookgateCore

@Suite("Redis Cluster retry plan")
struct ClusterRetryPlanTests {
  let b = RedisNodeAddress(host: "127.0.0.1", port: 7001)

  @Test func noRedirectMeansDone() {
    let plan = ClusterRetryPlan(
      sent: [0, 1], redirects: [nil, nil], keyless: [false, true], attempt: 0)
    #expect(plan == ClusterRetryPlan(resend: [], step: .done))
  }

  @Test func movedScriptIsResentWithTheWaitThatFollowedIt() {
    // EVALSHA got MOVED; WAIT ran on the wrong node, so its count means nothing: both go again.
    let plan = ClusterRetryPlan(
      sent: [0, 1], redirects: [.moved(slot: 9, to: b), nil], keyless: [false, true], attempt: 0)
    #expect(plan == ClusterRetryPlan(resend: [0, 1], step: .follow(slot: 9, to: b)))
  }

  @Test func askResendsOnlyTheRedirectedCommands() {
    let plan = ClusterRetryPlan(
      sent: [0, 1, 2], redirects: [nil, .ask(slot: 9, to: b), nil],
      keyless: [false, false, false], attempt: 1)
    #expect(plan == ClusterRetryPlan(resend: [1], step: .ask(to: b)))
  }

  @Test func movedOutranksTryAgain() {
    let plan = ClusterRetryPlan(
      sent: [3, 4], redirects: [.tryAgain, .moved(slot: 2, to: b)],
      keyless: [false, false, false, false, false],
      attempt: 0)
    #expect(plan.step == .follow(slot: 2, to: b))
    #expect(plan.resend == [3, 4])
  }

  @Test func tryAgainWaitsAndClusterDownAlsoRefreshesTheMap() {
    let tryAgain = ClusterRetryPlan(sent: [0], redirects: [.tryAgain], keyless: [false], attempt: 0)
    #expect(tryAgain.step == .retry(after: .milliseconds(25), refreshMap: false))
    let down = ClusterRetryPlan(sent: [0], redirects: [.clusterDown], keyless: [false], attempt: 2)
    #expect(down.step == .retry(after: .milliseconds(100), refreshMap: true))
  }

  @Test func backoffDoublesUpToItsCap() {
    #expect(
      (1...7).map(ClusterRetryPlan.backoff(attempt:))
        == [25, 50, 100, 200, 400, 400, 400].map { Duration.milliseconds($0) })
  }

  @Test func redirectsAreBounded() {
    let plan = ClusterRetryPlan(
      sent: [0, 1], redirects: [.moved(slot: 9, to: b), nil], keyless: [false, true],
      attempt: ClusterRetryPlan.maxRedirects)
    #expect(plan == ClusterRetryPlan(resend: [0], step: .giveUp))
  }
}
