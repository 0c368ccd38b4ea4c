import HookgateCore

/// Everything the ingress derives from one configuration: per source its verifier and
/// normalizer, and the router. Built once per load, so requests do no per-request setup, and
/// swapped whole on reload.
public struct IngressPipeline: Sendable {
  public struct SourceRuntime: Sendable {
    public let source: Source
    /// Awaited: PayPal's may fetch its signing certificate; the others are synchronous.
    public let verifier: any AsyncSignatureVerifier
    public let normalizer: any EventNormalizer
  }

  public let config: GatewayConfig
  public let router: EventRouter
  private let sources: [String: [String: SourceRuntime]]

  /// - Parameter certificates: how PayPal sources get their signing certificates; the
  ///   default fetches nothing, so PayPal requests are refused.
  public init(config: GatewayConfig, certificates: PayPalCertificates = .unavailable) {
    self.config = config
    self.router = EventRouter(routes: config.routes)
    self.sources = config.tenants.mapValues { tenant in
      tenant.sources.mapValues { source in
        SourceRuntime(
          source: source, verifier: Verifiers.makeAsync(for: source, certificates: certificates),
          normalizer: Normalizers.make(for: source))
      }
    }
  }

  public func source(tenant: String, source: String) -> SourceRuntime? {
    sources[tenant]?[source]
  }
}
