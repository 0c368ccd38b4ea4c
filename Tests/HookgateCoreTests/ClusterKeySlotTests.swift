import Testing

@testable import HookgateCore

@Suite("Redis Cluster key slots")
struct ClusterKeySlotTests {
  @Test func crc16OfTheSpecTestStringIsItsCheckValue() {
    // The Redis Cluster spec: CRC16/XMODEM of "123456789" is 0x31C3.
    #expect(CRC16.xmodem(Array("123456789".utf8)) == 0x31C3)
    #expect(ClusterKeySlot.slot(of: "123456789") == 12739)
  }

  @Test func slotsMatchWhatRedisAnswersToClusterKeyslot() {
    // Each value is `CLUSTER KEYSLOT <key>` from redis-server 7.0.
    let expected: [(String, Int)] = [
      ("foo", 12182), ("bar", 5061), ("hello", 866), ("", 0), ("{}", 15257),
      ("hookgate:jobs:loyalty", 9280), ("hookgate:retry:loyalty", 3214),
    ]
    for (key, slot) in expected {
      #expect(ClusterKeySlot.slot(of: key) == slot, "\(key)")
    }
  }

  @Test func aHashTagPutsKeysInTheSlotOfTheTag() {
    #expect(ClusterKeySlot.slot(of: "{user1000}.following") == 3443)
    #expect(ClusterKeySlot.slot(of: "{user1000}.followers") == ClusterKeySlot.slot(of: "user1000"))
    #expect(ClusterKeySlot.slot(of: "hookgate:{loyalty}:jobs") == 9439)
    #expect(
      ClusterKeySlot.slot(of: "hookgate:{loyalty}:retry") == ClusterKeySlot.slot(of: "loyalty"))
  }

  @Test func onlyTheFirstNonEmptyTagCounts() {
    // The spec's examples: an empty tag hashes the whole key; the first `}` after the first
    // `{` closes the tag.
    #expect(ClusterKeySlot.slot(of: "foo{}{bar}") == 8363)
    #expect(ClusterKeySlot.slot(of: "foo{{bar}}zap") == 4015)
    #expect(ClusterKeySlot.slot(of: "foo{{bar}}zap") == ClusterKeySlot.slot(of: "{bar"))
    #expect(ClusterKeySlot.slot(of: "foo{bar}{zap}") == ClusterKeySlot.slot(of: "bar"))
    #expect(ClusterKeySlot.slot(of: "foo{bar") != ClusterKeySlot.slot(of: "bar"))
  }

  @Test func binaryKeysHashByTheirBytes() {
    let key: [UInt8] = [0xFF, 0x00, UInt8(ascii: "{"), UInt8(ascii: "a"), UInt8(ascii: "}")]
    #expect(ClusterKeySlot.slot(of: key) == ClusterKeySlot.slot(of: "a"))
  }
}
