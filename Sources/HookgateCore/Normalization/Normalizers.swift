/// Picks the normalizer for a source from its `provider:`.
public enum Normalizers {
  public static func make(for source: Source) -> any EventNormalizer {
    switch source.provider {
    case .stripe: return StripeNormalizer()
    case .paypal: return PayPalNormalizer()
    case .quickbooks: return QuickBooksNormalizer()
    case .xero: return XeroNormalizer()
    default: return MappedFieldsNormalizer(source: source)
    }
  }
}
