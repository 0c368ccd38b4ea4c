import Foundation
import HookgateCore
import HookgateDelivery
import Logging

/// A reason `hookgate serve` cannot start, shown as is.
public struct StartupError: Error, CustomStringConvertible {
  public let description: String
}

extension PayPalCertificates {
  /// What the PayPal sources of `config` verify with: a fetcher trusting the system CAs (and
  /// `extraCAFile`), and every `cert_file:` read now, so a missing or unreadable file stops
  /// startup with its path instead of refusing every event later. A file whose certificate
  /// is expired or not yet valid only draws a warning: requests are then refused with
  /// `certificate_invalid`, which is what should happen once it expires while running.
  static func load(for config: GatewayConfig, extraCAFile: String?, logger: Logger)
    throws(StartupError) -> PayPalCertificates
  {
    let fetcher: CertificateFetcher
    do {
      fetcher = try CertificateFetcher(extraCAFile: extraCAFile)
    } catch {
      throw StartupError(description: "HOOKGATE_CA_FILE: \(error.description)")
    }
    return try load(for: config, provider: fetcher, logger: logger)
  }

  /// The same with an existing fetcher: a reload reads the `cert_file:`s again but keeps the
  /// fetcher, and with it the certificates already downloaded.
  static func load(for config: GatewayConfig, provider: any CertificateProvider, logger: Logger)
    throws(StartupError) -> PayPalCertificates
  {
    var files: [String: [Certificate]] = [:]
    let sources = config.tenants.values.flatMap(\.sources.values).filter { $0.provider == .paypal }
    for source in sources {
      guard let path = source.certFile, files[path] == nil else { continue }
      let label = "source \(source.tenant)/\(source.name) cert_file \(path)"
      guard let data = FileManager.default.contents(atPath: path) else {
        throw StartupError(description: "\(label): cannot read the file")
      }
      let chain = Certificate.parseChain(pem: Array(data))
      guard let leaf = chain.first else {
        throw StartupError(description: "\(label): no PEM certificate in the file")
      }
      if !leaf.hasRSAKey {
        throw StartupError(description: "\(label): the certificate's key is not RSA")
      }
      if !leaf.isValid(at: Date()) {
        logger.warning(
          "\(label): the certificate is outside its validity dates; its events will be refused",
          metadata: [
            "not_before": "\(leaf.notBefore)", "not_after": "\(leaf.notAfter)",
          ])
      }
      files[path] = chain
    }
    return PayPalCertificates(provider: provider, files: files)
  }
}
