import Foundation
import HookgateCore

/// What the `cert_file:`s of a configuration hold now, to tell a reload that changes nothing
/// from one that must read a rotated certificate although `routes.yaml` is the same.
enum CertificateFileDigests {
  /// Path → SHA-256 of the content (empty when unreadable).
  static func of(_ config: GatewayConfig) -> [String: [UInt8]] {
    var digests: [String: [UInt8]] = [:]
    for source in config.tenants.values.flatMap(\.sources.values) {
      guard let path = source.certFile, digests[path] == nil else { continue }
      digests[path] =
        FileManager.default.contents(atPath: path).map { Crypto.sha256(Array($0)) } ?? []
    }
    return digests
  }
}
