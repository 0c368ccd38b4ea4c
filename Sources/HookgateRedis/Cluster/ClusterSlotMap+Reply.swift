import HookgateCore

extension ClusterSlotMap {
  /// Reads a `CLUSTER SLOTS` reply: per range `[start, end, [host, port, id, …], replicas…]`.
  /// An empty host means "the node you asked" (Redis does not know its own address), so
  /// `askedNode` fills it in. Returns nil for a reply of another shape or with no slots.
  init?(clusterSlotsReply reply: RedisValue, askedNode: RedisNodeAddress) {
    guard let ranges = reply.array else { return nil }
    var shards: [Shard] = []
    for range in ranges {
      guard let parts = range.array, parts.count >= 3,
        let start = parts[0].integer, let end = parts[1].integer, start <= end,
        let primary = Self.address(parts[2], askedNode: askedNode)
      else { return nil }
      shards.append(
        Shard(
          slots: Int(start)...Int(end), primary: primary,
          replicas: parts.dropFirst(3).compactMap { Self.address($0, askedNode: askedNode) }))
    }
    guard !shards.isEmpty else { return nil }
    self.init(shards: shards)
  }

  private static func address(_ node: RedisValue, askedNode: RedisNodeAddress)
    -> RedisNodeAddress?
  {
    guard let fields = node.array, fields.count >= 2, let host = fields[0].string,
      let port = fields[1].integer, (1...65535).contains(port), host != "?"
    else { return nil }
    return RedisNodeAddress(host: host.isEmpty ? askedNode.host : host, port: Int(port))
  }
}
