import Foundation

/// Everything that distinguishes one HMAC-SHA256 webhook scheme from another, as data.
///
/// GitHub, Shopify, Square, QuickBooks, Xero, Standard Webhooks and a customer's own billing
/// system differ only in where the signature travels, how it is written, what is signed and
/// how the key is made from the secret. ``HMACVerifier`` executes any such value, so each
/// preset is a constant here (see `HMACScheme+Presets.swift`) rather than a verifier of its own.
public struct HMACScheme: Sendable, Equatable {
  /// The headers of one naming convention. Several sets let one scheme accept the same
  /// signature under other names (`webhook-*` and Svix's `svix-*`) without mixing them.
  public struct Headers: Sendable, Equatable {
    public var signature: String
    /// The header with the signed unix time in seconds; nil: the scheme signs no time.
    public var timestamp: String?
    /// The header whose value `{id}` stands for.
    public var id: String?

    public init(signature: String, timestamp: String? = nil, id: String? = nil) {
      self.signature = signature
      self.timestamp = timestamp
      self.id = id
    }
  }

  /// How a configured secret becomes the HMAC key.
  public enum KeyDerivation: Sendable, Equatable {
    /// The secret's UTF-8 bytes as they are (GitHub, Shopify, Square, Stripe…).
    case utf8
    /// Standard Webhooks: the base64-decoded part after an optional `whsec_`.
    case whsecBase64
  }

  /// Tried in order; the first set whose signature header is present is used.
  public var headers: [Headers]
  public var encoding: SignatureFormat.Encoding
  /// Written before each signature (`sha256=`, `v1,`).
  public var prefix: String
  /// Splits a header holding several signatures (Standard Webhooks: a space). With a
  /// separator, items without `prefix` are other versions and are skipped; without one, the
  /// header is one signature and a missing prefix makes it malformed.
  public var separator: Character?
  public var signedContent: SignedContentTemplate
  /// How far the signed time may be from now, in either direction.
  public var tolerance: Duration
  /// What `{url}` stands for.
  public var url: String?
  public var keyDerivation: KeyDerivation

  public init(
    headers: [Headers], encoding: SignatureFormat.Encoding, prefix: String = "",
    separator: Character? = nil, signedContent: SignedContentTemplate = .body,
    tolerance: Duration = .seconds(300), url: String? = nil,
    keyDerivation: KeyDerivation = .utf8
  ) {
    self.headers = headers
    self.encoding = encoding
    self.prefix = prefix
    self.separator = separator
    self.signedContent = signedContent
    self.tolerance = tolerance
    self.url = url
    self.keyDerivation = keyDerivation
  }

  /// A single signature in one header, over the body: the shape of `signature:` alone.
  public init(format: SignatureFormat) {
    self.init(
      headers: [Headers(signature: format.header)], encoding: format.encoding,
      prefix: format.prefix)
  }

  /// The HMAC key for a secret, or nil when the secret cannot be one (a `whsec_` secret that
  /// is not base64; config load refuses those, so this is a second line of defence).
  public func key(for secret: Secret) -> [UInt8]? {
    switch keyDerivation {
    case .utf8:
      return Array(secret.value.utf8)
    case .whsecBase64:
      let text = secret.value
      let encoded = text.hasPrefix("whsec_") ? text.dropFirst("whsec_".count) : Substring(text)
      guard let bytes = ByteEncoding.fromBase64(encoded), !bytes.isEmpty else { return nil }
      return bytes
    }
  }

  /// The signatures in a header value, decoded; pure, so the fuzz target can drive it.
  public func signatures(in value: String) -> Result<[[UInt8]], VerificationFailure> {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return .failure(.malformedSignature("the value is empty")) }
    var items: [Substring]
    if let separator {
      items = trimmed.split(separator: separator).filter { $0.hasPrefix(prefix) }
      guard !items.isEmpty else {
        return .failure(.malformedSignature("no signature starts with \(prefix)"))
      }
    } else {
      guard trimmed.hasPrefix(prefix) else {
        return .failure(.malformedSignature("expected the prefix \(prefix)"))
      }
      items = [Substring(trimmed)]
    }
    var decoded: [[UInt8]] = []
    for item in items {
      let text = item.dropFirst(prefix.count)
      let bytes: [UInt8]?
      switch encoding {
      case .hex: bytes = ByteEncoding.fromHex(text)
      case .base64: bytes = ByteEncoding.fromBase64(text)
      }
      guard let bytes, bytes.count == Crypto.sha256Length else {
        return .failure(.malformedSignature("not a \(encoding.rawValue) SHA-256 HMAC"))
      }
      decoded.append(bytes)
    }
    return .success(decoded)
  }
}
