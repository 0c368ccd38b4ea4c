import Foundation

/// Stripe's scheme: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each `v1` an
/// HMAC-SHA256 of `"<t>.<raw body>"` keyed with the endpoint's `whsec_…` string as is.
///
/// Stripe sends several `v1` values while an endpoint secret is being rolled; any of them
/// matching any active secret verifies. `t` must be within `tolerance` of now, in either
/// direction, which bounds how long a captured request can be replayed.
public struct StripeVerifier: SignatureVerifier {
  public static let header = "Stripe-Signature"

  public let secrets: [Secret]
  public let tolerance: Duration

  public init(secrets: [Secret], tolerance: Duration) {
    self.secrets = secrets
    self.tolerance = tolerance
  }

  struct ParsedHeader: Equatable {
    var timestamp: Int64
    var signatures: [[UInt8]]
  }

  static func parse(_ header: String) -> Result<ParsedHeader, VerificationFailure> {
    var timestamp: Int64?
    var signatures: [[UInt8]] = []
    // Byte-wise over UTF-8: this runs on every request, and the header is ASCII by spec.
    for item in header.utf8.split(separator: UInt8(ascii: ",")) {
      guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else { continue }
      let key = trimmed(item[item.startIndex..<equals])
      let value = trimmed(item[item.index(after: equals)...])
      switch String(decoding: key, as: UTF8.self) {
      case "t":
        guard let seconds = Int64(String(decoding: value, as: UTF8.self)), seconds >= 0 else {
          return .failure(.malformedSignature("t is not a unix timestamp"))
        }
        timestamp = seconds
      case "v1":
        guard value.count == 2 * Crypto.sha256Length,
          let bytes = ByteEncoding.fromHex(String(decoding: value, as: UTF8.self))
        else {
          return .failure(.malformedSignature("v1 is not a hex SHA-256 HMAC"))
        }
        signatures.append(bytes)
      default:
        continue  // v0 (test mode legacy) and future schemes are ignored, as Stripe's libraries do.
      }
    }
    guard let timestamp else { return .failure(.malformedSignature("no t= timestamp")) }
    guard !signatures.isEmpty else { return .failure(.malformedSignature("no v1= signature")) }
    return .success(ParsedHeader(timestamp: timestamp, signatures: signatures))
  }

  /// Without the spaces and tabs around it.
  private static func trimmed(_ bytes: Substring.UTF8View.SubSequence)
    -> Substring.UTF8View.SubSequence
  {
    let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !blank($0) }),
      let last = bytes.lastIndex(where: { !blank($0) })
    else { return bytes[bytes.endIndex...] }
    return bytes[first...last]
  }

  /// The header Stripe would send for `body` at `timestamp`: what `hookgate sign` prints.
  public static func signatureHeader(secret: String, timestamp: Int64, body: [UInt8]) -> String {
    "t=\(timestamp),v1=\(ByteEncoding.hex(signature(secret: Array(secret.utf8), timestamp: timestamp, body: body)))"
  }

  static func signature(secret: [UInt8], timestamp: Int64, body: [UInt8]) -> [UInt8] {
    var signed = Array(String(timestamp).utf8)
    signed.reserveCapacity(signed.count + 1 + body.count)
    signed.append(UInt8(ascii: "."))
    signed.append(contentsOf: body)
    return Crypto.hmacSHA256(key: secret, message: signed)
  }

  public func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  > {
    guard let header = request.headers[Self.header] else {
      return .failure(.missingSignature(header: Self.header))
    }
    let parsed: ParsedHeader
    switch Self.parse(header) {
    case .success(let value): parsed = value
    case .failure(let failure): return .failure(failure)
    }
    var anyActive = false
    for (index, secret) in secrets.enumerated() where secret.isActive(at: now) {
      anyActive = true
      let expected = Self.signature(
        secret: Array(secret.value.utf8), timestamp: parsed.timestamp, body: request.body)
      if parsed.signatures.contains(where: { Crypto.constantTimeEquals($0, expected) }) {
        let age = now.timeIntervalSince1970 - Double(parsed.timestamp)
        guard abs(age) <= tolerance.seconds else { return .failure(.timestampOutOfTolerance) }
        return .success(VerifiedSignature(secretIndex: index))
      }
    }
    return .failure(anyActive ? .noMatchingSignature : .noActiveSecret)
  }
}
