/// How hookgate spreads tenants over Redis: each tenant belongs to one of `count` partitions,
/// and every key of a partition carries its hash tag (`{p3}`), so an accept or a job move,
/// which is one script over several keys, stays inside one Redis Cluster slot, while the
/// partitions spread over the shards.
///
/// With one partition on a plain Redis the keys carry no tag: the layout of the releases
/// before partitions, so an upgrade finds its queues.
public struct PartitionLayout: Sendable, Equatable, CustomStringConvertible {
  /// Enough to spread over any cluster hookgate is sized for (docs/SCALING.md); each
  /// partition costs every gateway one reader per handler.
  public static let maximumCount = 256

  public let count: Int
  /// Whether keys carry the partition's hash tag: always on a cluster, and whenever there
  /// is more than one partition.
  public let tagged: Bool

  public init(count: Int, cluster: Bool) throws(PartitionLayoutError) {
    guard (1...Self.maximumCount).contains(count) else {
      throw PartitionLayoutError(
        description:
          "partitions must be a whole number from 1 to \(Self.maximumCount), not \(count)"
      )
    }
    self.count = count
    self.tagged = cluster || count > 1
  }

  /// One untagged partition: a plain Redis, as before partitions existed.
  public static let single = try! PartitionLayout(count: 1, cluster: false)

  /// The default when nothing is configured: one partition on a plain Redis, 16 on a
  /// cluster (enough to spread over a few shards without many idle readers).
  public static func standard(cluster: Bool) -> PartitionLayout {
    try! PartitionLayout(count: cluster ? 16 : 1, cluster: cluster)
  }

  /// The tenant's partition. CRC16 like the cluster's own hashing: stable across releases
  /// and machines, which a partition's keys depend on.
  public func partition(ofTenant tenant: String) -> Int {
    count == 1 ? 0 : Int(CRC16.xmodem(tenant.utf8)) % count
  }

  /// The hash tag the partition's keys carry, braces included; nil when untagged.
  public func hashTag(of partition: Int) -> String? {
    tagged ? "{p\(partition)}" : nil
  }

  public var partitions: Range<Int> { 0..<count }

  public var description: String { "\(count) partition\(count == 1 ? "" : "s")" }
}

public struct PartitionLayoutError: Error, Equatable, CustomStringConvertible {
  public let description: String
}
