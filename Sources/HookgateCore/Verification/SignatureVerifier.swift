import Foundation

/// Checks that a request was signed by the provider with one of the source's secrets.
///
/// One verifier per provider scheme; a source's `provider:` picks it. Implementations do no
/// I/O, so they can be tested with published vectors in microseconds.
public protocol SignatureVerifier: Sendable {
  func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  >
}

/// Which secret verified the request, so ops can tell when a rotated-out secret is unused.
public struct VerifiedSignature: Sendable, Equatable {
  public var secretIndex: Int

  public init(secretIndex: Int) {
    self.secretIndex = secretIndex
  }
}

/// Why a request was refused. The reasons are safe to show the sender: none carries a secret
/// or the signature we expected.
public enum VerificationFailure: Error, Sendable, Equatable {
  case missingSignature(header: String)
  case malformedSignature(String)
  case timestampOutOfTolerance
  case noMatchingSignature
  /// The source has no secret that is currently valid (all expired).
  case noActiveSecret
  /// PayPal: `PAYPAL-CERT-URL` is not `https` on an allowed host; it was not fetched.
  case certificateURLRefused
  /// PayPal: the signing certificate could not be fetched.
  case certificateUnavailable(String)
  /// PayPal: the certificate is not one, is expired or not yet valid, or is not trusted.
  case certificateInvalid(String)

  /// A short machine-readable reason class, for JSON error bodies and metric labels.
  public var reason: String {
    switch self {
    case .missingSignature: return "missing_signature"
    case .malformedSignature: return "malformed_signature"
    case .timestampOutOfTolerance: return "timestamp_out_of_tolerance"
    case .noMatchingSignature: return "signature_mismatch"
    case .noActiveSecret: return "no_active_secret"
    case .certificateURLRefused: return "certificate_url_refused"
    case .certificateUnavailable: return "certificate_unavailable"
    case .certificateInvalid: return "certificate_invalid"
    }
  }

  public var message: String {
    switch self {
    case .missingSignature(let header): return "the \(header) header is missing"
    case .malformedSignature(let detail): return "the signature header is malformed: \(detail)"
    case .timestampOutOfTolerance: return "the signed timestamp is outside the allowed tolerance"
    case .noMatchingSignature: return "no signature matches any active secret of this source"
    case .noActiveSecret: return "this source has no active secret"
    case .certificateURLRefused:
      return "the certificate URL is not https on a host allowed for this source"
    case .certificateUnavailable(let detail):
      return "the signing certificate is unavailable: \(detail)"
    case .certificateInvalid(let detail): return "the signing certificate is invalid: \(detail)"
    }
  }
}

extension Secret {
  func isActive(at now: Date) -> Bool {
    guard let expires else { return true }
    return now < expires
  }
}
