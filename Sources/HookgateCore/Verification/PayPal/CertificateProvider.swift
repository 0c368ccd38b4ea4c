import Foundation

/// Where PayPal's signing certificates come from. Fetching is I/O, so it lives at the edge
/// (HookgateDelivery's `CertificateFetcher`: libcurl, the CA store, a cache); the verifier
/// only asks.
///
/// The verifier passes only URLs its ``CertificateURLPolicy`` allowed; an implementation
/// returns the signing (first) certificate only once its chain and dates have been checked.
public protocol CertificateProvider: Sendable {
  func certificate(url: String, now: Date) async -> Result<Certificate, CertificateFailure>
}

/// Why no trusted certificate came back. Details are fixed phrases written by hookgate,
/// never text from the remote side, because they reach the sender in the 401 body.
public enum CertificateFailure: Error, Sendable, Equatable {
  /// Nothing usable could be downloaded: refused, unreachable, timed out, too large, not 200.
  case unavailable(String)
  /// Something arrived but is not a trustworthy certificate: not PEM, expired, not yet valid,
  /// self-signed or chained to no trusted CA.
  case invalid(String)

  public var verificationFailure: VerificationFailure {
    switch self {
    case .unavailable(let detail): return .certificateUnavailable(detail)
    case .invalid(let detail): return .certificateInvalid(detail)
    }
  }
}

/// What the PayPal verifiers of one pipeline share: the fetcher, and the `cert_file:`
/// certificates the server read at startup, by path.
public struct PayPalCertificates: Sendable {
  public var provider: any CertificateProvider
  /// `cert_file:` path → the certificates in it (signing certificate first).
  public var files: [String: [Certificate]]

  public init(provider: any CertificateProvider, files: [String: [Certificate]] = [:]) {
    self.provider = provider
    self.files = files
  }

  /// For pipelines built without network access (tests, `hookgate explain`): every fetch
  /// fails, so PayPal requests are refused, never accepted unverified.
  public static let unavailable = PayPalCertificates(provider: NoCertificateProvider())
}

/// Fetches nothing.
public struct NoCertificateProvider: CertificateProvider {
  public init() {}

  public func certificate(url: String, now: Date) async -> Result<Certificate, CertificateFailure> {
    .failure(.unavailable("this process does not fetch certificates"))
  }
}
