import Foundation

/// A customer's own billing system signing the raw body with HMAC-SHA256 and sending the
/// result in one header, hex or base64, after an optional prefix such as `sha256=`.
public struct HMACVerifier: SignatureVerifier {
  public let secrets: [Secret]
  public let format: SignatureFormat

  public init(secrets: [Secret], format: SignatureFormat) {
    self.secrets = secrets
    self.format = format
  }

  public func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  > {
    guard var value = request.headers[format.header]?.trimmingCharacters(in: .whitespaces) else {
      return .failure(.missingSignature(header: format.header))
    }
    if !format.prefix.isEmpty {
      guard value.hasPrefix(format.prefix) else {
        return .failure(.malformedSignature("expected the prefix \(format.prefix)"))
      }
      value.removeFirst(format.prefix.count)
    }
    let decoded: [UInt8]?
    switch format.encoding {
    case .hex: decoded = ByteEncoding.fromHex(value)
    case .base64: decoded = ByteEncoding.fromBase64(value)
    }
    guard let signature = decoded, signature.count == Crypto.sha256Length else {
      return .failure(.malformedSignature("not a \(format.encoding.rawValue) SHA-256 HMAC"))
    }
    var anyActive = false
    for (index, secret) in secrets.enumerated() where secret.isActive(at: now) {
      anyActive = true
      let expected = Crypto.hmacSHA256(key: Array(secret.value.utf8), message: request.body)
      if Crypto.constantTimeEquals(signature, expected) {
        return .success(VerifiedSignature(secretIndex: index))
      }
    }
    return .failure(anyActive ? .noMatchingSignature : .noActiveSecret)
  }
}
