import Foundation

/// Stands for a provider whose verification this build does not implement yet: every request
/// is refused, so a configured source can never become a way in for unverified events.
public struct UnavailableVerifier: SignatureVerifier {
  public let provider: ProviderKind

  public init(provider: ProviderKind) {
    self.provider = provider
  }

  public func verify(_ request: InboundRequest, now: Date) -> Result<
    VerifiedSignature, VerificationFailure
  > {
    .failure(.malformedSignature("\(provider.rawValue) signatures are not supported by this build"))
  }
}
