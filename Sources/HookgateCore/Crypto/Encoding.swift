import Foundation

/// Hex and base64 as providers write them in their signature headers.
public enum ByteEncoding {
  private static let hexDigits = Array("0123456789abcdef".utf8)

  public static func hex(_ bytes: [UInt8]) -> String {
    var output = [UInt8]()
    output.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      output.append(hexDigits[Int(byte >> 4)])
      output.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Decodes upper- or lower-case hex; nil for an odd length or a non-hex character.
  public static func fromHex(_ text: some StringProtocol) -> [UInt8]? {
    let utf8 = Array(text.utf8)
    guard utf8.count % 2 == 0 else { return nil }
    var output = [UInt8]()
    output.reserveCapacity(utf8.count / 2)
    var index = 0
    while index < utf8.count {
      guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
      output.append(high << 4 | low)
      index += 2
    }
    return output
  }

  private static func nibble(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
  }

  public static func base64(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
  }

  public static func fromBase64(_ text: some StringProtocol) -> [UInt8]? {
    guard let data = Data(base64Encoded: String(text)) else { return nil }
    return Array(data)
  }
}
