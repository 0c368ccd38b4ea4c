import Foundation

/// A verifier that may wait for something outside the request (PayPal: the signing
/// certificate). The ingress awaits every source's verifier through this protocol; the
/// synchronous ``SignatureVerifier``s run inside it through ``SynchronousVerifier``, so they
/// stay pure and testable without a runtime.
public protocol AsyncSignatureVerifier: Sendable {
  func verify(_ request: InboundRequest, now: Date) async -> Result<
    VerifiedSignature, VerificationFailure
  >
}

/// Runs a synchronous verifier where an ``AsyncSignatureVerifier`` is expected.
public struct SynchronousVerifier: AsyncSignatureVerifier {
  public let base: any SignatureVerifier

  public init(_ base: any SignatureVerifier) {
    self.base = base
  }

  public func verify(_ request: InboundRequest, now: Date) async -> Result<
    VerifiedSignature, VerificationFailure
  > {
    base.verify(request, now: now)
  }
}
