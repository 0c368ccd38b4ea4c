import ArgumentParser
import Foundation
import HookgateCore

struct Sign: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the headers a provider would send with a payload, for curl tests.",
    discussion: """
      Example:
        curl -X POST localhost:8080/webhooks/acme/stripe --data-binary @event.json \\
          -H "$(hookgate sign --provider stripe --secret "$ACME_STRIPE_SECRET" event.json)"
      """)

  enum Provider: String, ExpressibleByArgument, CaseIterable {
    case stripe, hmac
  }

  @Option(help: "stripe or hmac.")
  var provider: Provider

  @Option(help: "The signing secret (or use --secret-env to keep it out of the process list).")
  var secret: String?

  @Option(help: "Read the secret from this environment variable.")
  var secretEnv: String?

  @Option(help: "Unix time to sign with (stripe; default now).")
  var timestamp: Int64?

  @Option(help: "hmac: the header to print.")
  var header = "X-Signature"

  @Option(help: "hmac: hex or base64.")
  var encoding = "hex"

  @Option(help: "hmac: text before the signature, e.g. sha256=.")
  var prefix = ""

  @Argument(help: "The payload file, sent byte for byte.")
  var file: String

  func run() throws {
    guard let key = secret ?? secretEnv.flatMap({ ProcessInfo.processInfo.environment[$0] }),
      !key.isEmpty
    else {
      throw ValidationError("give the secret with --secret or --secret-env")
    }
    guard let body = FileManager.default.contents(atPath: file) else {
      throw ValidationError("cannot read \(file)")
    }
    switch provider {
    case .stripe:
      let time = timestamp ?? Int64(Date().timeIntervalSince1970)
      print(
        "Stripe-Signature: \(StripeVerifier.signatureHeader(secret: key, timestamp: time, body: Array(body)))"
      )
    case .hmac:
      let mac = Crypto.hmacSHA256(key: Array(key.utf8), message: Array(body))
      let encoded = encoding == "base64" ? ByteEncoding.base64(mac) : ByteEncoding.hex(mac)
      print("\(header): \(prefix)\(encoded)")
    }
  }
}
