import Foundation
import HookgateCore
import Synchronization

/// `Fixtures/paypal/`, written by `Fixtures/make-paypal-fixtures.sh` with the openssl CLI:
/// a CA, certificates, an event body and its RSA-SHA256 signature, none made by hookgate.
enum PayPalFixtures {
  static func data(_ name: String) -> [UInt8] {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard
      let url = Bundle.module.url(
        forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil,
        subdirectory: "Fixtures/paypal"),
      let data = try? Data(contentsOf: url)
    else { fatalError("Fixtures/paypal/\(name) is missing from the test bundle") }
    return Array(data)
  }

  static func text(_ name: String) -> String {
    String(decoding: data(name), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func certificate(_ name: String) -> Certificate {
    guard let first = Certificate.parseChain(pem: data(name)).first else {
      fatalError("Fixtures/paypal/\(name) holds no certificate")
    }
    return first
  }

  // The values make-paypal-fixtures.sh signed.
  static let transmissionID = "b6d9c4a0-1c2e-11f1-9a3b-0242ac120002"
  /// When the fixture script ran (it signs "now", so the time is inside the certificates'
  /// validity).
  static let transmissionTime: String = {
    let prefix = "PAYPAL-TRANSMISSION-TIME: "
    guard
      let line = text("headers.txt").split(separator: "\n").first(where: {
        $0.hasPrefix(prefix)
      })
    else { fatalError("Fixtures/paypal/headers.txt has no transmission time") }
    return String(line.dropFirst(prefix.count))
  }()
  static let webhookID = "WH-TEST-7XK21234AB5678901"
  /// The transmission time, as a date: "now" for tests of the valid path.
  static let signedAt: Date = {
    guard let date = try? Date(transmissionTime, strategy: .iso8601) else {
      fatalError("the fixture transmission time \(transmissionTime) does not parse")
    }
    return date
  }()
  static let certURL =
    "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270"

  static var body: [UInt8] { data("event.json") }
  static var signature: String { text("event.sig.b64") }

  static func headers(
    id: String = transmissionID, time: String = transmissionTime, signature: String? = nil,
    certURL: String = certURL, algorithm: String = "SHA256withRSA"
  ) -> HeaderFields {
    HeaderFields([
      ("PAYPAL-TRANSMISSION-ID", id), ("PAYPAL-TRANSMISSION-TIME", time),
      ("PAYPAL-TRANSMISSION-SIG", signature ?? self.signature), ("PAYPAL-CERT-URL", certURL),
      ("PAYPAL-AUTH-ALGO", algorithm), ("Content-Type", "application/json"),
    ])
  }

  static func request(headers: HeaderFields = headers(), body: [UInt8] = body) -> InboundRequest {
    InboundRequest(headers: headers, body: body)
  }
}

/// Serves one certificate for every URL and remembers which URLs were asked for.
final class RecordingCertificateProvider: CertificateProvider {
  let answer: Result<Certificate, CertificateFailure>
  private let asked = Mutex<[String]>([])

  init(_ answer: Result<Certificate, CertificateFailure>) {
    self.answer = answer
  }

  var urls: [String] { asked.withLock { $0 } }

  func certificate(url: String, now: Date) async -> Result<Certificate, CertificateFailure> {
    asked.withLock { $0.append(url) }
    return answer
  }
}
