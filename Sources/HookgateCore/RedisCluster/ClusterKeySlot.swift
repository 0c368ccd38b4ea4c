/// Which of Redis Cluster's 16384 hash slots a key belongs to, as the cluster spec defines it:
/// CRC16/XMODEM of the key (or of its `{hash tag}`), modulo 16384.
public enum ClusterKeySlot {
  public static let count = 16384

  public static func slot(of key: some Collection<UInt8>) -> Int {
    Int(CRC16.xmodem(hashedPart(of: key)) % UInt16(count))
  }

  public static func slot(of key: String) -> Int {
    slot(of: Array(key.utf8))
  }

  /// The part of the key that is hashed: between the first `{` and the first `}` after it,
  /// if that is not empty; otherwise the whole key. So `{user1000}.following` and
  /// `{user1000}.followers` share a slot, while `foo{}{bar}` hashes whole.
  static func hashedPart<Key: Collection<UInt8>>(of key: Key) -> Key.SubSequence {
    guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
    let afterOpen = key.index(after: open)
    guard let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen
    else { return key[...] }
    return key[afterOpen..<close]
  }
}

/// CRC16/XMODEM (polynomial 0x1021, initial value 0, no reflection): the checksum Redis
/// Cluster hashes keys with. Check value: "123456789" gives 0x31C3.
public enum CRC16 {
  public static func xmodem(_ bytes: some Sequence<UInt8>) -> UInt16 {
    var crc: UInt16 = 0
    for byte in bytes {
      crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
    }
    return crc
  }

  private static let table: [UInt16] = (0..<256).map { index in
    var value = UInt16(index) << 8
    for _ in 0..<8 {
      value = value & 0x8000 != 0 ? (value << 1) ^ 0x1021 : value << 1
    }
    return value
  }
}
