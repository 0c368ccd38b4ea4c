/// Picks the normalizer for a source from its `provider:`.
public enum Normalizers {
  public static func make(for source: Source) -> any EventNormalizer {
    switch source.provider {
    case .stripe: return StripeNormalizer()
    default: return MappedFieldsNormalizer(source: source)
    }
  }
}
