/// Picks the verifier for a source from its `provider:`.
public enum Verifiers {
  public static func make(for source: Source) -> any SignatureVerifier {
    switch source.provider {
    case .stripe:
      return StripeVerifier(secrets: source.secrets, tolerance: source.tolerance)
    case .hmac:
      guard let format = source.signature else { return UnavailableVerifier(provider: .hmac) }
      return HMACVerifier(secrets: source.secrets, format: format)
    case .paypal, .square, .quickbooks, .xero, .standardWebhooks, .github, .shopify:
      return UnavailableVerifier(provider: source.provider)
    }
  }
}
