import Testing

@testable import HookgateCore

@Suite("Redis Cluster slot map")
struct ClusterSlotMapTests {
  let a = RedisNodeAddress(host: "127.0.0.1", port: 7000)
  let b = RedisNodeAddress(host: "127.0.0.1", port: 7001)
  let c = RedisNodeAddress(host: "127.0.0.1", port: 7002)
  let replica = RedisNodeAddress(host: "127.0.0.1", port: 7003)

  var threeShards: ClusterSlotMap {
    ClusterSlotMap(shards: [
      .init(slots: 0...5460, primary: a, replicas: [replica]),
      .init(slots: 5461...10922, primary: b),
      .init(slots: 10923...16383, primary: c),
    ])
  }

  @Test func eachSlotMapsToThePrimaryOfItsRange() {
    let map = threeShards
    #expect(map.primary(forSlot: 0) == a)
    #expect(map.primary(forSlot: 5460) == a)
    #expect(map.primary(forSlot: 5461) == b)
    #expect(map.primary(forSlot: 12739) == c)
    #expect(map.primary(forSlot: 16383) == c)
    #expect(map.primary(forSlot: 16384) == nil)
    #expect(map.coveredSlots == 16384)
    #expect(map.nodes == [a, b, c])
    #expect(map.replicas == [replica])
  }

  @Test func aPrimaryWithSeveralRangesIsOneNode() {
    let map = ClusterSlotMap(shards: [
      .init(slots: 0...99, primary: a), .init(slots: 100...199, primary: b),
      .init(slots: 200...16383, primary: a),
    ])
    #expect(map.nodes == [a, b])
    #expect(map.primary(forSlot: 150) == b)
    #expect(map.primary(forSlot: 250) == a)
  }

  @Test func slotsNoNodeClaimsHaveNoPrimary() {
    let map = ClusterSlotMap(shards: [.init(slots: 0...8191, primary: a)])
    #expect(map.primary(forSlot: 8192) == nil)
    #expect(map.coveredSlots == 8192)
  }

  @Test func movedPatchesOneSlotOnly() {
    var map = threeShards
    let changed = map.move(slot: 12182, to: a)
    #expect(changed)
    #expect(map.primary(forSlot: 12182) == a)
    #expect(map.primary(forSlot: 12181) == c)
    let changedAgain = map.move(slot: 12182, to: a)
    #expect(!changedAgain)
  }

  @Test func movedToAnUnknownNodeAddsIt() {
    var map = threeShards
    let d = RedisNodeAddress(host: "127.0.0.1", port: 7010)
    map.move(slot: 1, to: d)
    #expect(map.primary(forSlot: 1) == d)
    #expect(map.nodes.contains(d))
  }
}
