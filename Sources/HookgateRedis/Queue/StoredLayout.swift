import HookgateCore

/// The partition count lives in Redis (`hookgate:layout`), written by the first gateway to
/// start: every later gateway and command reads it, so none writes jobs to partitions the
/// others do not read, and a changed setting is refused instead of stranding queued jobs.
public enum StoredLayout {
  /// The layout to serve with: the stored count, or `requested` (else the default) when
  /// nothing is stored yet. Throws when `requested` differs from the stored count.
  public static func agree(
    client: RedisClient, requested: Int?, keys: RedisKeys = RedisKeys()
  ) async throws -> PartitionLayout {
    let cluster = client.configuration.url.cluster
    let proposal =
      try requested.map { try PartitionLayout(count: $0, cluster: cluster) }
      ?? .standard(cluster: cluster)
    // SET NX then GET: of two gateways starting at once, both end up with the first count.
    _ = try await client.send(["SET", keys.layout, String(proposal.count), "NX"])
      .throwingOnError()
    let stored = try await read(client: client, keys: keys)
    if let requested, requested != stored.count {
      throw LayoutMismatch(stored: stored.count, requested: requested)
    }
    return stored
  }

  /// The layout the data in Redis was written with; the default when none is stored yet.
  public static func read(client: RedisClient, keys: RedisKeys = RedisKeys()) async throws
    -> PartitionLayout
  {
    let cluster = client.configuration.url.cluster
    let reply = try await client.send(["GET", keys.layout]).throwingOnError()
    guard let text = reply.string else { return .standard(cluster: cluster) }
    guard let count = Int(text) else {
      throw LayoutMismatch(description: "\(keys.layout) holds \(text), not a partition count")
    }
    return try PartitionLayout(count: count, cluster: cluster)
  }
}

public struct LayoutMismatch: Error, CustomStringConvertible {
  public let description: String

  init(description: String) {
    self.description = description
  }

  init(stored: Int, requested: Int) {
    description =
      "Redis holds queues in \(stored) partition\(stored == 1 ? "" : "s"), but"
      + " HOOKGATE_PARTITIONS is \(requested): jobs in the other partitions would never be"
      + " delivered. Use \(stored), or drain the queues and delete the layout key first."
  }
}
