/// CRC-32 as zlib's `crc32` computes it (IEEE 802.3, reflected polynomial 0xEDB88320, initial
/// value and final XOR 0xFFFFFFFF): PayPal signs the body's CRC-32 in unsigned decimal.
///
/// Pure Swift, because libssl has no CRC and linking zlib for one function is not worth a
/// system dependency.
public enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
    }
    return value
  }

  public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
  }
}
