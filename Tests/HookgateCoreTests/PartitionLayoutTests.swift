import HookgateCore
import Testing

@Test func onePartitionOnPlainRedisKeepsTheUntaggedKeys() throws {
  let layout = PartitionLayout.single
  #expect(layout.hashTag(of: 0) == nil)
  #expect(layout.partition(ofTenant: "acme") == 0)
  #expect(try PartitionLayout(count: 1, cluster: true).hashTag(of: 0) == "{p0}")
}

@Test func tenantsSpreadOverPartitionsByCRC16() throws {
  let layout = try PartitionLayout(count: 16, cluster: true)
  // CRC16/XMODEM("123456789") = 0x31C3 = 12739; 12739 mod 16 = 3.
  #expect(layout.partition(ofTenant: "123456789") == 3)
  #expect(layout.hashTag(of: 3) == "{p3}")
  var used = Set<Int>()
  for tenant in 0..<200 { used.insert(layout.partition(ofTenant: "tenant-\(tenant)")) }
  #expect(used == Set(0..<16))
}

@Test func partitionCountsOutsideTheRangeAreRefused() {
  for count in [0, -1, PartitionLayout.maximumCount + 1] {
    #expect(throws: PartitionLayoutError.self) { try PartitionLayout(count: count, cluster: false) }
  }
  #expect(PartitionLayout.standard(cluster: false) == .single)
  #expect(PartitionLayout.standard(cluster: true).count == 16)
}
