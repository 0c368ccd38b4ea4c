/// Where a command's keys are among its arguments, so a cluster client can route it to the
/// node owning their slot.
///
/// A table, not `COMMAND GETKEYS` (a round trip per command): it knows the commands hookgate
/// and its operators use. A command it does not know is routed by its first argument; if that
/// guess is wrong, the node answers `MOVED` and the client follows, so a single command still
/// arrives; only a pipeline's cross-slot check can miss such a command's keys.
public enum ClusterCommandKeys {
  /// Indices into `arguments` (the command name is index 0) that are keys.
  public static func keyIndices(_ arguments: [[UInt8]]) -> [Int] {
    guard let first = arguments.first else { return [] }
    let name = String(decoding: first, as: UTF8.self).uppercased()
    let count = arguments.count
    func integer(at index: Int) -> Int? {
      index < count ? Int(String(decoding: arguments[index], as: UTF8.self)) : nil
    }
    /// `numkeys` at `index`, then that many keys.
    func counted(at index: Int) -> [Int] {
      guard let keys = integer(at: index), keys > 0 else { return [] }
      return Array((index + 1)..<min(count, index + 1 + keys))
    }
    func from(_ start: Int, through end: Int, step: Int = 1) -> [Int] {
      guard start <= end else { return [] }
      return Array(stride(from: start, through: end, by: step))
    }

    if keyless.contains(name) { return [] }
    switch name {
    case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
      return counted(at: 2)
    case "ZUNION", "ZINTER", "ZDIFF", "SINTERCARD", "LMPOP", "ZMPOP":
      return counted(at: 1)
    case "BLMPOP", "BZMPOP":
      return counted(at: 2)
    case "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE":
      return count > 1 ? [1] + counted(at: 2) : []
    case "DEL", "UNLINK", "EXISTS", "MGET", "TOUCH", "WATCH", "SINTER", "SUNION", "SDIFF",
      "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE", "PFCOUNT", "PFMERGE":
      return from(1, through: count - 1)
    case "RENAME", "RENAMENX", "RPOPLPUSH", "LMOVE", "SMOVE", "COPY", "BLMOVE", "BRPOPLPUSH",
      "GEOSEARCHSTORE", "ZRANGESTORE":
      return from(1, through: min(2, count - 1))
    case "MSET", "MSETNX":
      return from(1, through: count - 1, step: 2)
    case "BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX":
      return from(1, through: count - 2)
    case "XREAD", "XREADGROUP":
      guard
        let streams = arguments.firstIndex(where: {
          String(decoding: $0, as: UTF8.self).uppercased() == "STREAMS"
        })
      else { return [] }
      let pairs = (count - streams - 1) / 2
      return from(streams + 1, through: streams + pairs)
    case "XGROUP", "XINFO", "OBJECT", "MEMORY":
      // A subcommand, then the key: `XGROUP CREATE key …`, `XINFO CONSUMERS key group`.
      return count > 2 ? [2] : []
    default:
      return count > 1 ? [1] : []
    }
  }

  /// The keys themselves.
  public static func keys(_ arguments: [[UInt8]]) -> [[UInt8]] {
    keyIndices(arguments).map { arguments[$0] }
  }

  /// Commands that name no key (or name channels, which are not hashed to slots the same way
  /// for routing): they go to any primary.
  static let keyless: Set<String> = [
    "PING", "ECHO", "INFO", "TIME", "DBSIZE", "FLUSHALL", "FLUSHDB", "WAIT", "WAITAOF", "SCRIPT",
    "CLUSTER", "CONFIG", "CLIENT", "COMMAND", "SELECT", "AUTH", "HELLO", "MULTI", "EXEC",
    "DISCARD", "UNWATCH", "ROLE", "LASTSAVE", "SAVE", "BGSAVE", "BGREWRITEAOF", "SHUTDOWN",
    "SLOWLOG", "LATENCY", "DEBUG", "MONITOR", "PUBLISH", "SUBSCRIBE", "PSUBSCRIBE",
    "UNSUBSCRIBE", "PUNSUBSCRIBE", "PUBSUB", "RANDOMKEY", "SCAN", "KEYS", "READONLY", "READWRITE",
    "ASKING", "FUNCTION", "SWAPDB", "LOLWUT", "ACL", "MODULE", "FAILOVER", "REPLICAOF", "SLAVEOF",
    "QUIT", "RESET",
  ]
}
