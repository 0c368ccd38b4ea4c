/// Which node serves each hash slot: the client's copy of the cluster's layout, built from
/// `CLUSTER SLOTS` and patched by `MOVED` redirects until the next full refresh.
public struct ClusterSlotMap: Sendable, Equatable {
  /// One contiguous range of slots and the nodes holding it.
  public struct Shard: Sendable, Equatable {
    public var slots: ClosedRange<Int>
    public var primary: RedisNodeAddress
    public var replicas: [RedisNodeAddress]

    public init(
      slots: ClosedRange<Int>, primary: RedisNodeAddress, replicas: [RedisNodeAddress] = []
    ) {
      self.slots = slots
      self.primary = primary
      self.replicas = replicas
    }
  }

  /// Index into `nodes` per slot, or -1 for a slot no node claims.
  private var owners: [Int16]
  /// The primaries, each once, in order of first appearance.
  public private(set) var nodes: [RedisNodeAddress]
  /// Replicas are kept for refreshes: when every primary is unreachable they may know the
  /// new layout after a failover.
  public private(set) var replicas: [RedisNodeAddress]

  public init(shards: [Shard]) {
    owners = Array(repeating: -1, count: ClusterKeySlot.count)
    nodes = []
    replicas = []
    for shard in shards {
      let slots = shard.slots.clamped(to: 0...(ClusterKeySlot.count - 1))
      let index = Self.index(of: shard.primary, in: &nodes)
      for slot in slots { owners[slot] = Int16(index) }
      for replica in shard.replicas where !replicas.contains(replica) { replicas.append(replica) }
    }
  }

  /// The primary serving `slot`, or nil when no node claims it (an incomplete cluster).
  public func primary(forSlot slot: Int) -> RedisNodeAddress? {
    guard (0..<ClusterKeySlot.count).contains(slot) else { return nil }
    let owner = owners[slot]
    return owner < 0 ? nil : nodes[Int(owner)]
  }

  /// How many slots have an owner; 16384 when the map covers the whole cluster.
  public var coveredSlots: Int { owners.lazy.filter { $0 >= 0 }.count }

  /// What a `MOVED` says: the slot now lives on `address`. Returns whether that changed
  /// anything (a repeated redirect to the same node does not).
  @discardableResult
  public mutating func move(slot: Int, to address: RedisNodeAddress) -> Bool {
    guard (0..<ClusterKeySlot.count).contains(slot), primary(forSlot: slot) != address else {
      return false
    }
    owners[slot] = Int16(Self.index(of: address, in: &nodes))
    return true
  }

  private static func index(of address: RedisNodeAddress, in nodes: inout [RedisNodeAddress])
    -> Int
  {
    if let index = nodes.firstIndex(of: address) { return index }
    nodes.append(address)
    return nodes.count - 1
  }
}
