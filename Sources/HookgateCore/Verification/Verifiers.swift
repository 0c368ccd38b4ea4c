/// Picks the verifier for a source from its `provider:`.
public enum Verifiers {
  public static func make(for source: Source) -> any SignatureVerifier {
    switch source.provider {
    case .stripe:
      return StripeVerifier(secrets: source.secrets, tolerance: source.tolerance)
    case .hmac, .square, .quickbooks, .xero, .standardWebhooks, .github, .shopify:
      // Presets are data over the one HMAC engine; no scheme means refuse, never accept.
      guard let scheme = HMACScheme.make(for: source) else {
        return UnavailableVerifier(provider: source.provider)
      }
      return HMACVerifier(secrets: source.secrets, scheme: scheme)
    case .paypal:
      // PayPal waits for its certificate, so it has no synchronous verifier: the ingress
      // uses ``makeAsync(for:certificates:)``; any synchronous caller refuses.
      return UnavailableVerifier(provider: source.provider)
    }
  }
}
