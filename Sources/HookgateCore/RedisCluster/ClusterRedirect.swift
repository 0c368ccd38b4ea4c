/// What an error reply from a cluster node asks the client to do, parsed from its text.
public enum ClusterRedirect: Sendable, Equatable {
  /// `MOVED <slot> <host:port>`: the slot lives elsewhere now; update the map and go there.
  case moved(slot: Int, to: RedisNodeAddress)
  /// `ASK <slot> <host:port>`: this one key is being migrated; send `ASKING` and the command
  /// to that node, once, without changing the map.
  case ask(slot: Int, to: RedisNodeAddress)
  /// `TRYAGAIN`: a multi-key command hit a slot mid-migration; retry shortly.
  case tryAgain
  /// `CLUSTERDOWN`: the cluster cannot serve the slot right now (a failover is under way);
  /// retry shortly, with a fresh map.
  case clusterDown

  /// nil for any other error reply, which is the command's own answer.
  public init?(errorReply message: String) {
    let words = message.split(separator: " ", omittingEmptySubsequences: true)
    guard let verb = words.first else { return nil }
    switch verb {
    case "MOVED", "ASK":
      guard words.count >= 3, let slot = Int(words[1]), (0..<ClusterKeySlot.count).contains(slot),
        let address = RedisNodeAddress(parsing: words[2])
      else { return nil }
      self = verb == "MOVED" ? .moved(slot: slot, to: address) : .ask(slot: slot, to: address)
    case "TRYAGAIN": self = .tryAgain
    case "CLUSTERDOWN": self = .clusterDown
    default: return nil
    }
  }
}
