import COpenSSL

/// The hash primitives hookgate needs, from libssl. Every C call of HookgateCore lives here.
public enum Crypto {
  public static let sha256Length = Int(SHA256_DIGEST_LENGTH)

  public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    key.withUnsafeBytes { keyBytes in
      message.withUnsafeBytes { messageBytes in
        _ = digest.withUnsafeMutableBufferPointer { output in
          HMAC(
            EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
            messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
            output.baseAddress, &length)
        }
      }
    }
    return Array(digest.prefix(Int(length)))
  }

  public static func sha256(_ data: [UInt8]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    data.withUnsafeBytes { input in
      _ = digest.withUnsafeMutableBufferPointer { output in
        SHA256(
          input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, output.baseAddress)
      }
    }
    return digest
  }

  /// Compares in time that depends only on the length, so a forger learns nothing from how
  /// long a wrong guess took.
  public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.isEmpty { return true }
    return lhs.withUnsafeBytes { a in
      rhs.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
    }
  }
}

extension Crypto {
  /// SHA-1, only for naming Lua scripts the way Redis does (`EVALSHA`); never for security.
  public static func sha1Hex(_ data: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
    data.withUnsafeBufferPointer { input in
      _ = digest.withUnsafeMutableBufferPointer {
        SHA1(input.baseAddress, input.count, $0.baseAddress)
      }
    }
    return ByteEncoding.hex(digest)
  }
}
