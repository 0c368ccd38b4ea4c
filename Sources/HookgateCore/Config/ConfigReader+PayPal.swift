import Foundation
import Yams

/// PayPal's source keys besides `webhook_id:`: `cert_hosts:` (more hosts `PAYPAL-CERT-URL`
/// may name) and `cert_file:` (a PEM used instead of fetching).
///
/// The loader does no I/O, so it checks only the shape here; the server reads each
/// `cert_file` before it starts serving and refuses to start when one is unreadable or holds
/// no certificate.
extension ConfigReader {
  func readPayPalSettings(
    into source: inout Source, fields: [String: ConfigEntry], label: String, path: String
  ) {
    if let entry = fields["cert_hosts"], let items = list(entry.value, "\(path).cert_hosts") {
      for (index, item) in items.enumerated() {
        guard let host = nonEmptyString(item, "\(path).cert_hosts[\(index)]") else { continue }
        guard CertificateURLPolicy.isValidHostEntry(host.value) else {
          error(
            "\(label) cert_hosts[\(index)] must be a host name or address, optionally with"
              + " :port (like api.sandbox.paypal.com or 127.0.0.1:8443), found '\(host.value)'",
            at: item)
          continue
        }
        source.certHosts.append(host.value.lowercased())
      }
    }
    if let entry = fields["cert_file"],
      let file = nonEmptyString(entry.value, "\(path).cert_file")
    {
      source.certFile = file.value
    }

    if source.provider == .paypal {
      if let hosts = fields["cert_hosts"], fields["cert_file"] != nil {
        warning(
          "\(label): cert_hosts is unused because cert_file is set (nothing is fetched)",
          at: hosts.keyNode)
      }
    } else if fields["provider"] != nil {
      for key in ["cert_hosts", "cert_file"] {
        if let entry = fields[key] {
          warning("\(label): \(key) is only used by provider paypal", at: entry.keyNode)
        }
      }
    }
  }
}
