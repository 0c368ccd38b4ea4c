import Testing

@testable import HookgateCore

@Suite("Redis Cluster command keys and routing")
struct ClusterCommandKeysTests {
  func keys(_ words: String...) -> [String] {
    ClusterCommandKeys.keys(words.map { Array($0.utf8) }).map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  @Test func mostCommandsHaveTheirKeyFirst() {
    #expect(keys("GET", "a") == ["a"])
    #expect(keys("xadd", "hookgate:jobs:x", "*", "job", "blob") == ["hookgate:jobs:x"])
    #expect(keys("ZCARD", "z") == ["z"])
  }

  @Test func scriptsNameTheirKeysByCount() {
    #expect(keys("EVALSHA", "abc", "2", "k1", "k2", "arg") == ["k1", "k2"])
    #expect(keys("EVAL", "return 1", "0", "arg") == [])
    #expect(keys("EVAL", "return 1", "3", "k1") == ["k1"])
  }

  @Test func streamReadsNameTheKeysAfterStreams() {
    #expect(
      keys(
        "XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "100", "STREAMS", "s1", "s2", ">",
        ">") == ["s1", "s2"])
    #expect(keys("XREAD", "streams", "s", "$") == ["s"])
  }

  @Test func subcommandsPutTheKeySecond() {
    #expect(keys("XGROUP", "CREATE", "s", "g", "0", "MKSTREAM") == ["s"])
    #expect(keys("XINFO", "CONSUMERS", "s", "g") == ["s"])
    #expect(keys("XINFO", "HELP") == [])
  }

  @Test func multiKeyCommandsNameEachKey() {
    #expect(keys("DEL", "a", "b") == ["a", "b"])
    #expect(keys("MSET", "a", "1", "b", "2") == ["a", "b"])
    #expect(keys("BLPOP", "a", "b", "5") == ["a", "b"])
    #expect(keys("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2") == ["d", "a", "b"])
  }

  @Test func serverCommandsHaveNoKeys() {
    #expect(keys("PING") == [])
    #expect(keys("WAIT", "1", "100") == [])
    #expect(keys("CLUSTER", "SLOTS") == [])
    #expect(keys("SCRIPT", "LOAD", "return 1") == [])
  }

  @Test func aPipelineInOneSlotRoutesToIt() throws {
    let slot = try ClusterRoute.slot(of: [
      [
        Array("EVALSHA".utf8), Array("x".utf8), Array("2".utf8), Array("{h}:a".utf8),
        Array("{h}:b".utf8),
      ],
      [Array("WAIT".utf8), Array("1".utf8), Array("10".utf8)],
    ])
    #expect(slot == ClusterKeySlot.slot(of: "h"))
    #expect(try ClusterRoute.slot(of: [[Array("PING".utf8)]]) == nil)
  }

  @Test func aPipelineAcrossSlotsIsRefusedNamingTheKeys() {
    #expect(throws: ClusterRoute.CrossSlot.self) {
      try ClusterRoute.slot(of: [
        [Array("XLEN".utf8), Array("hookgate:jobs:loyalty".utf8)],
        [Array("ZCARD".utf8), Array("hookgate:retry:loyalty".utf8)],
      ])
    }
    do {
      _ = try ClusterRoute.slot(of: [[Array("DEL".utf8), Array("foo".utf8), Array("bar".utf8)]])
      Issue.record("expected CrossSlot")
    } catch {
      #expect(error.first.key == "foo" && error.first.slot == 12182)
      #expect(error.second.key == "bar" && error.second.slot == 5061)
      #expect(error.description.contains("hash tag"))
    }
  }
}
