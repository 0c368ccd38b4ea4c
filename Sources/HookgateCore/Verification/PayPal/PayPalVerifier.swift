import Foundation

/// PayPal's scheme: RSA-SHA256 (`PAYPAL-AUTH-ALGO: SHA256withRSA`) over
/// `{transmission id}|{transmission time}|{webhook id}|{CRC-32 of the raw body, decimal}`,
/// with the public key of the certificate at `PAYPAL-CERT-URL`, signature in base64 in
/// `PAYPAL-TRANSMISSION-SIG`.
///
/// Everything the request alone can refute (headers, algorithm, time, URL) is checked before
/// any certificate is fetched, so a forged request costs the gateway no outbound traffic.
public struct PayPalVerifier: AsyncSignatureVerifier {
  public enum Header {
    public static let transmissionID = "PAYPAL-TRANSMISSION-ID"
    public static let transmissionTime = "PAYPAL-TRANSMISSION-TIME"
    public static let transmissionSignature = "PAYPAL-TRANSMISSION-SIG"
    public static let certURL = "PAYPAL-CERT-URL"
    public static let authAlgorithm = "PAYPAL-AUTH-ALGO"
  }

  public static let algorithm = "SHA256withRSA"

  /// Where the signing certificate comes from.
  public enum CertificateSource: Sendable {
    /// Fetched from `PAYPAL-CERT-URL` when the policy allows the URL.
    case fetched(any CertificateProvider, CertificateURLPolicy)
    /// `cert_file:`: the operator's certificate; the URL header is neither checked nor
    /// fetched, and only the validity dates are checked.
    case pinned(Certificate)
  }

  public let webhookID: String
  public let tolerance: Duration
  public let certificates: CertificateSource

  public init(webhookID: String, tolerance: Duration, certificates: CertificateSource) {
    self.webhookID = webhookID
    self.tolerance = tolerance
    self.certificates = certificates
  }

  /// The exact bytes PayPal signs.
  public static func signedString(
    transmissionID: String, transmissionTime: String, webhookID: String, body: [UInt8]
  ) -> [UInt8] {
    Array("\(transmissionID)|\(transmissionTime)|\(webhookID)|\(CRC32.checksum(body))".utf8)
  }

  public func verify(_ request: InboundRequest, now: Date) async -> Result<
    VerifiedSignature, VerificationFailure
  > {
    let parsed: Transmission
    switch Self.parse(request.headers) {
    case .success(let value): parsed = value
    case .failure(let failure): return .failure(failure)
    }
    guard abs(now.timeIntervalSince(parsed.time)) <= tolerance.seconds else {
      return .failure(.timestampOutOfTolerance)
    }

    let certificate: Certificate
    switch certificates {
    case .pinned(let pinned):
      certificate = pinned
    case .fetched(let provider, let policy):
      guard policy.allows(parsed.certURL) else { return .failure(.certificateURLRefused) }
      switch await provider.certificate(url: parsed.certURL, now: now) {
      case .success(let fetched): certificate = fetched
      case .failure(let failure): return .failure(failure.verificationFailure)
      }
    }
    // Checked here for pinned files too, and for cached certificates that outlived their
    // notAfter between fetch and use.
    guard certificate.isValid(at: now) else {
      return .failure(.certificateInvalid("the certificate is outside its validity dates"))
    }
    guard certificate.hasRSAKey else {
      return .failure(.certificateInvalid("the certificate's key is not RSA"))
    }

    let signed = Self.signedString(
      transmissionID: parsed.id, transmissionTime: parsed.timeText, webhookID: webhookID,
      body: request.body)
    guard certificate.verifyRSASHA256(signature: parsed.signature, message: signed) else {
      return .failure(.noMatchingSignature)
    }
    return .success(VerifiedSignature(secretIndex: 0))
  }

  struct Transmission {
    var id: String
    /// As sent: the signed string uses the header's text, not a re-formatted date.
    var timeText: String
    var time: Date
    var signature: [UInt8]
    var certURL: String
  }

  /// The headers, or the first thing wrong with them. Pure, for tests and fuzzing.
  static func parse(_ headers: HeaderFields) -> Result<Transmission, VerificationFailure> {
    var values: [String: String] = [:]
    for name in [
      Header.transmissionID, Header.transmissionTime, Header.transmissionSignature,
      Header.certURL, Header.authAlgorithm,
    ] {
      guard let value = headers[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
        return .failure(.missingSignature(header: name))
      }
      values[name] = value
    }
    guard values[Header.authAlgorithm] == algorithm else {
      return .failure(.malformedSignature("\(Header.authAlgorithm) must be \(algorithm)"))
    }
    let timeText = values[Header.transmissionTime]!
    guard let time = Self.date(iso8601: timeText) else {
      return .failure(
        .malformedSignature("\(Header.transmissionTime) is not an ISO 8601 date and time"))
    }
    // An RSA signature is as long as the modulus: 4096-bit keys give 512 bytes.
    guard let signature = ByteEncoding.fromBase64(values[Header.transmissionSignature]!),
      (64...1024).contains(signature.count)
    else {
      return .failure(
        .malformedSignature("\(Header.transmissionSignature) is not a base64 RSA signature"))
    }
    return .success(
      Transmission(
        id: values[Header.transmissionID]!, timeText: timeText, time: time, signature: signature,
        certURL: values[Header.certURL]!))
  }

  /// ISO 8601 with a time zone, with or without fractional seconds, as PayPal sends it.
  static func date(iso8601 text: String) -> Date? {
    guard text.utf8.count <= 64 else { return nil }
    if let date = try? Date(text, strategy: .iso8601) { return date }
    return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
  }
}
