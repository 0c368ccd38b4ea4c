/// The one slot a command or pipeline must be sent for, checked before sending.
public enum ClusterRoute {
  /// Keys of one pipeline (or script) that hash to different slots. Redis would answer
  /// `CROSSSLOT`; the client refuses before sending, since it is a bug in the key layout.
  public struct CrossSlot: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first two keys found in different slots, with their slots.
    public var first: (key: String, slot: Int)
    public var second: (key: String, slot: Int)

    public static func == (lhs: Self, rhs: Self) -> Bool {
      lhs.first == rhs.first && lhs.second == rhs.second
    }

    public var description: String {
      "keys in different cluster slots: \(first.key) (slot \(first.slot)) and \(second.key)"
        + " (slot \(second.slot)); give them one {hash tag}"
    }
  }

  /// The slot of every key of `commands` (each a command's arguments), or nil when none has
  /// a key, so any primary may answer.
  public static func slot(of commands: [[[UInt8]]]) throws(CrossSlot) -> Int? {
    var found: (key: [UInt8], slot: Int)?
    for arguments in commands {
      for key in ClusterCommandKeys.keys(arguments) {
        let slot = ClusterKeySlot.slot(of: key)
        if let found, found.slot != slot {
          throw CrossSlot(
            first: (String(decoding: found.key, as: UTF8.self), found.slot),
            second: (String(decoding: key, as: UTF8.self), slot))
        }
        found = found ?? (key, slot)
      }
    }
    return found?.slot
  }
}
