import Foundation

/// The one HMAC-SHA256 engine: executes an ``HMACScheme`` (the generic `provider: hmac` and
/// every preset) against a request with each of the source's active secrets.
public struct HMACVerifier: SignatureVerifier {
  /// A secret's key, derived once at load so requests do no base64 work for it.
  struct Key: Sendable {
    var index: Int
    var bytes: [UInt8]
    var expires: Date?

    func isActive(at now: Date) -> Bool { expires.map { now < $0 } ?? true }
  }

  public let scheme: HMACScheme
  let keys: [Key]

  public init(secrets: [Secret], scheme: HMACScheme) {
    self.scheme = scheme
    self.keys = secrets.enumerated().compactMap { index, secret in
      scheme.key(for: secret).map { Key(index: index, bytes: $0, expires: secret.expires) }
    }
  }

  /// One signature of the body in one header: `signature:` without `signed_content:`.
  public init(secrets: [Secret], format: SignatureFormat) {
    self.init(secrets: secrets, scheme: HMACScheme(format: format))
  }

  public func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  > {
    guard let names = scheme.headers.first(where: { request.headers[$0.signature] != nil }),
      let header = request.headers[names.signature]
    else {
      return .failure(.missingSignature(header: scheme.headers.first?.signature ?? "signature"))
    }
    let signatures: [[UInt8]]
    switch scheme.signatures(in: header) {
    case .success(let decoded): signatures = decoded
    case .failure(let failure): return .failure(failure)
    }

    // Checked before any HMAC is computed: a stale or future request is refused cheaply,
    // as the Standard Webhooks libraries do.
    var timestamp: String?
    if let name = names.timestamp {
      guard let value = request.headers[name]?.trimmingCharacters(in: .whitespaces) else {
        return .failure(.missingSignature(header: name))
      }
      guard !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
        let seconds = Int64(value)
      else {
        return .failure(.malformedSignature("the \(name) header is not a unix timestamp"))
      }
      guard abs(now.timeIntervalSince1970 - Double(seconds)) <= scheme.tolerance.seconds else {
        return .failure(.timestampOutOfTolerance)
      }
      timestamp = value
    }
    var id: String?
    if scheme.signedContent.uses(.id), let name = names.id {
      guard let value = request.headers[name], !value.isEmpty else {
        return .failure(.missingSignature(header: name))
      }
      id = value
    }

    let signed = scheme.signedContent.render(
      body: request.body, timestamp: timestamp, id: id, url: scheme.url)
    var anyActive = false
    for key in keys where key.isActive(at: now) {
      anyActive = true
      let expected = Crypto.hmacSHA256(key: key.bytes, message: signed)
      // Every candidate is compared, so the time taken does not tell which one matched.
      var matched = false
      for signature in signatures where Crypto.constantTimeEquals(signature, expected) {
        matched = true
      }
      if matched { return .success(VerifiedSignature(secretIndex: key.index)) }
    }
    return .failure(anyActive ? .noMatchingSignature : .noActiveSecret)
  }
}
