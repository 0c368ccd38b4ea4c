import COpenSSL
import Foundation

/// An X.509 certificate parsed by libssl, with the public key PayPal signs with.
///
/// Every `X509*`, `EVP_PKEY*` and `BIO*` hookgate touches is created and freed in this file:
/// a `BIO` lives only inside ``parseChain(pem:)``; the `X509` and the `EVP_PKEY` taken from it
/// belong to one `Certificate` and are freed in its `deinit`.
///
/// `@unchecked Sendable`: both pointers are written once, in `init`, and never mutated
/// afterwards. OpenSSL 3 documents `X509` and `EVP_PKEY` objects as safe to use from several
/// threads at once as long as no thread modifies them; verification only reads them
/// (`EVP_DigestVerifyInit` takes its own reference to the key, in a per-call context).
public final class Certificate: @unchecked Sendable {
  private let x509: OpaquePointer
  private let publicKey: OpaquePointer
  /// The validity window, read once so callers need no libssl to compare dates.
  public let notBefore: Date
  public let notAfter: Date

  /// Takes ownership of `x509` (one reference); nil, and `x509` freed, if the certificate has
  /// no usable public key or validity dates.
  private init?(taking x509: OpaquePointer) {
    guard let key = X509_get_pubkey(x509),
      let notBefore = X509_get0_notBefore(x509).flatMap(Self.date),
      let notAfter = X509_get0_notAfter(x509).flatMap(Self.date)
    else {
      X509_free(x509)
      return nil
    }
    self.x509 = x509
    self.publicKey = key
    self.notBefore = notBefore
    self.notAfter = notAfter
  }

  deinit {
    EVP_PKEY_free(publicKey)
    X509_free(x509)
  }

  /// Every certificate in a PEM text, in order (a PayPal cert URL serves the signing
  /// certificate followed by its intermediates). Empty when there is none; text between and
  /// after the certificates is ignored, as `openssl` does.
  public static func parseChain(pem: [UInt8]) -> [Certificate] {
    guard !pem.isEmpty, pem.count <= Int(Int32.max) else { return [] }
    var certificates: [Certificate] = []
    pem.withUnsafeBytes { buffer in
      guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return }
      defer { BIO_free(bio) }
      while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
        guard let certificate = Certificate(taking: x509) else { break }
        certificates.append(certificate)
      }
    }
    // The loop ends on "no start line", which libssl queues as an error: clear it so it is
    // not reported later against an unrelated call on this thread.
    ERR_clear_error()
    return certificates
  }

  /// Whether `now` is inside `notBefore...notAfter`.
  public func isValid(at now: Date) -> Bool {
    notBefore <= now && now <= notAfter
  }

  /// Whether the key is RSA: `SHA256withRSA` must not be satisfied by another key type.
  public var hasRSAKey: Bool {
    EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_RSA
  }

  /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`, with this certificate's public key.
  public func verifyRSASHA256(signature: [UInt8], message: [UInt8]) -> Bool {
    guard hasRSAKey, !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, publicKey) == 1 else {
      ERR_clear_error()
      return false
    }
    let result = signature.withUnsafeBufferPointer { signatureBytes in
      message.withUnsafeBufferPointer { messageBytes in
        EVP_DigestVerify(
          context, signatureBytes.baseAddress, signatureBytes.count, messageBytes.baseAddress,
          messageBytes.count)
      }
    }
    // A wrong signature queues an error in libssl; it is an answer here, not a fault.
    ERR_clear_error()
    return result == 1
  }

  /// The `X509*`, for code elsewhere in the package that hands it to libssl (the chain check
  /// against a trust store). Valid only while this certificate is alive: callers keep it so
  /// with `withExtendedLifetime`, and never free it.
  package var unsafeX509: OpaquePointer { x509 }

  private static func date(_ time: UnsafePointer<ASN1_TIME>) -> Date? {
    var parts = tm()
    guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
    return Self.epoch(
      year: Int64(parts.tm_year) + 1900, month: Int64(parts.tm_mon) + 1, day: Int64(parts.tm_mday),
      seconds: Int64(parts.tm_hour) * 3600 + Int64(parts.tm_min) * 60 + Int64(parts.tm_sec))
  }

  /// UTC calendar fields to a date, without `timegm`'s dependence on the C library.
  private static func epoch(year: Int64, month: Int64, day: Int64, seconds: Int64) -> Date {
    let days = Timestamp.daysSinceEpoch(year: year, month: month, day: day)
    return Date(timeIntervalSince1970: Double(days * 86_400 + seconds))
  }
}
