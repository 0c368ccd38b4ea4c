/// The providers that sign with HMAC-SHA256, each as data for the one ``HMACVerifier``.
/// Per-source values (tolerance, Square's notification URL) are filled in by
/// ``HMACScheme/make(for:)``.
extension HMACScheme {
  /// `X-Hub-Signature-256: sha256=<hex>` over the body.
  public static let github = HMACScheme(
    headers: [Headers(signature: "X-Hub-Signature-256")], encoding: .hex, prefix: "sha256=")

  /// `X-Shopify-Hmac-Sha256: <base64>` over the body, keyed with the app's client secret.
  public static let shopify = HMACScheme(
    headers: [Headers(signature: "X-Shopify-Hmac-Sha256")], encoding: .base64)

  /// `intuit-signature: <base64>` over the body, keyed with the app's verifier token.
  public static let quickbooks = HMACScheme(
    headers: [Headers(signature: "intuit-signature")], encoding: .base64)

  /// `x-xero-signature: <base64>` over the body, keyed with the webhook key.
  public static let xero = HMACScheme(
    headers: [Headers(signature: "x-xero-signature")], encoding: .base64)

  /// `x-square-hmacsha256-signature: <base64>` over the subscription's notification URL
  /// followed by the body, keyed with the subscription's signature key.
  public static let square = HMACScheme(
    headers: [Headers(signature: "x-square-hmacsha256-signature")], encoding: .base64,
    signedContent: template("{url}{body}"))

  /// Standard Webhooks (and Svix, which sends the same values as `svix-*`): a space-separated
  /// list of `v1,<base64>` over `id.timestamp.body`, keyed with a `whsec_` base64 secret.
  public static let standardWebhooks = HMACScheme(
    headers: [
      Headers(signature: "webhook-signature", timestamp: "webhook-timestamp", id: "webhook-id"),
      Headers(signature: "svix-signature", timestamp: "svix-timestamp", id: "svix-id"),
    ],
    encoding: .base64, prefix: "v1,", separator: " ",
    signedContent: template("{id}.{timestamp}.{body}"), keyDerivation: .whsecBase64)

  /// The preset a provider uses, or nil for `hmac` (configured per source) and providers
  /// that do not sign with an HMAC.
  public static func preset(for provider: ProviderKind) -> HMACScheme? {
    switch provider {
    case .github: return github
    case .shopify: return shopify
    case .quickbooks: return quickbooks
    case .xero: return xero
    case .square: return square
    case .standardWebhooks: return standardWebhooks
    case .hmac, .stripe, .paypal: return nil
    }
  }

  /// The scheme a source verifies with: its provider's preset, or for `hmac` the source's
  /// `signature:`, `signed_content:` and `timestamp:`. Nil when there is none (a non-HMAC
  /// provider, or an `hmac` source without `signature:`, which config load refuses).
  public static func make(for source: Source) -> HMACScheme? {
    var scheme: HMACScheme
    if source.provider == .hmac {
      guard let format = source.signature else { return nil }
      scheme = HMACScheme(format: format)
      scheme.headers[0].timestamp = source.signatureTimestamp?.header
      if case .header(let name) = source.eventID { scheme.headers[0].id = name }
      scheme.signedContent = source.signedContent ?? .body
      scheme.tolerance = source.signatureTimestamp?.tolerance ?? source.tolerance
    } else {
      guard let preset = preset(for: source.provider) else { return nil }
      scheme = preset
      scheme.tolerance = source.tolerance
    }
    scheme.url = source.notificationURL
    return scheme
  }

  /// For the presets' fixed templates, which are known to parse.
  private static func template(_ text: String) -> SignedContentTemplate {
    do throws(SignedContentTemplate.ParseError) {
      return try SignedContentTemplate(parsing: text)
    } catch {
      preconditionFailure("preset template \(text) does not parse: \(error)")
    }
  }
}
