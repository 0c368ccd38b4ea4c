import Testing

@testable import HookgateCore

@Suite("Redis Cluster redirects and node addresses")
struct ClusterRedirectTests {
  @Test func movedAndAskNameTheSlotAndTheNode() {
    #expect(
      ClusterRedirect(errorReply: "MOVED 3999 127.0.0.1:6381")
        == .moved(slot: 3999, to: RedisNodeAddress(host: "127.0.0.1", port: 6381)))
    #expect(
      ClusterRedirect(errorReply: "ASK 12182 10.0.0.7:7002")
        == .ask(slot: 12182, to: RedisNodeAddress(host: "10.0.0.7", port: 7002)))
  }

  @Test func ipv6NodesParseWithOrWithoutBrackets() {
    let node = RedisNodeAddress(host: "::1", port: 7000)
    #expect(ClusterRedirect(errorReply: "MOVED 1 ::1:7000") == .moved(slot: 1, to: node))
    #expect(RedisNodeAddress(parsing: "[::1]:7000") == node)
    #expect(node.description == "[::1]:7000")
  }

  @Test func retryableStatesAreRecognized() {
    #expect(
      ClusterRedirect(errorReply: "TRYAGAIN Multiple keys request during rehashing of slot")
        == .tryAgain)
    #expect(ClusterRedirect(errorReply: "CLUSTERDOWN The cluster is down") == .clusterDown)
    #expect(
      ClusterRedirect(errorReply: "CLUSTERDOWN Hash slot not served") == .clusterDown)
  }

  @Test func otherErrorsAreTheCommandsOwnAnswer() {
    #expect(ClusterRedirect(errorReply: "ERR unknown command 'FOO'") == nil)
    #expect(ClusterRedirect(errorReply: "NOSCRIPT No matching script") == nil)
    #expect(
      ClusterRedirect(errorReply: "CROSSSLOT Keys in request don't hash to the same slot") == nil)
    #expect(ClusterRedirect(errorReply: "") == nil)
  }

  @Test func malformedRedirectsAreNotFollowed() {
    #expect(ClusterRedirect(errorReply: "MOVED") == nil)
    #expect(ClusterRedirect(errorReply: "MOVED 16384 127.0.0.1:7000") == nil)
    #expect(ClusterRedirect(errorReply: "MOVED x 127.0.0.1:7000") == nil)
    #expect(ClusterRedirect(errorReply: "ASK 1 127.0.0.1") == nil)
    #expect(ClusterRedirect(errorReply: "ASK 1 :7000") == nil)
    #expect(RedisNodeAddress(parsing: "host:0") == nil)
  }
}
