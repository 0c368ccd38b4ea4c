import Foundation

extension Verifiers {
  /// The verifier the ingress awaits for a source: PayPal's, which needs `certificates`, or
  /// the synchronous one of ``make(for:)``.
  public static func makeAsync(for source: Source, certificates: PayPalCertificates)
    -> any AsyncSignatureVerifier
  {
    guard source.provider == .paypal else { return SynchronousVerifier(make(for: source)) }
    // Config load refuses a PayPal source without a webhook id; refuse, never accept.
    guard let webhookID = source.webhookID, !webhookID.isEmpty else {
      return SynchronousVerifier(UnavailableVerifier(provider: .paypal))
    }
    let certificateSource: PayPalVerifier.CertificateSource
    if let path = source.certFile {
      // The server loads every cert_file before it serves; a missing entry means a pipeline
      // built without them, which must refuse.
      guard let pinned = certificates.files[path]?.first else {
        return SynchronousVerifier(
          RefusingVerifier(failure: .certificateUnavailable("cert_file is not loaded")))
      }
      certificateSource = .pinned(pinned)
    } else {
      certificateSource = .fetched(
        certificates.provider, CertificateURLPolicy(extraHosts: source.certHosts))
    }
    return PayPalVerifier(
      webhookID: webhookID, tolerance: source.tolerance, certificates: certificateSource)
  }
}

/// Refuses every request with one reason.
struct RefusingVerifier: SignatureVerifier {
  let failure: VerificationFailure

  func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  > {
    .failure(failure)
  }
}
