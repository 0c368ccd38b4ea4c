import Foundation
import Testing

@testable import HookgateCore

/// The signed requests of `Fixtures/provider-vectors.json`: providers' published examples
/// where they exist, otherwise computed by `Fixtures/make-provider-vectors.sh` with openssl.
struct ProviderVector: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var provider: String
  var origin: String
  var secret: String
  var now: Int64
  var notificationURL: String?
  var body: String
  var bodyBase64: String
  var headers: [String: String]

  enum CodingKeys: String, CodingKey {
    case name, provider, origin, secret, now, body, headers
    case notificationURL = "notification_url"
    case bodyBase64 = "body_base64"
  }

  var testDescription: String { name }
  var bodyBytes: [UInt8] { Array(body.utf8) }
  var date: Date { Date(timeIntervalSince1970: TimeInterval(now)) }
  var kind: ProviderKind {
    guard let kind = ProviderKind(rawValue: provider) else {
      fatalError("vector \(name) names an unknown provider \(provider)")
    }
    return kind
  }

  /// The source a tenant would configure to receive this request. The generic hmac vector
  /// was signed as `make-provider-vectors.sh` describes.
  func source(secrets: [Secret]? = nil, tolerance: Duration = .seconds(300)) -> Source {
    var source = Source(
      tenant: "acme", name: name, provider: kind, secrets: secrets ?? [Secret(secret)],
      notificationURL: notificationURL, tolerance: tolerance)
    if kind == .hmac {
      source.signature = SignatureFormat(
        header: "X-Billing-Signature", encoding: .hex, prefix: "sha256=")
      source.signedContent = try? SignedContentTemplate(parsing: "{timestamp}.{body}")
      source.signatureTimestamp = SignatureTimestamp(header: "X-Billing-Timestamp")
    }
    return source
  }

  /// The request with some headers replaced (a nil value removes the header) and the body.
  func request(replacing changes: [String: String?] = [:], body: [UInt8]? = nil)
    -> InboundRequest
  {
    var fields = headers.map { (name: $0.key, value: $0.value) }
    for (name, value) in changes {
      fields.removeAll { $0.name.lowercased() == name.lowercased() }
      if let value { fields.append((name: name, value: value)) }
    }
    return InboundRequest(headers: HeaderFields(fields), body: body ?? bodyBytes)
  }

  func verify(
    _ request: InboundRequest? = nil, secrets: [Secret]? = nil, at now: Date? = nil
  ) -> Result<VerifiedSignature, VerificationFailure> {
    Verifiers.make(for: source(secrets: secrets)).verify(
      request ?? self.request(), now: now ?? date)
  }

  /// The scheme the source verifies with.
  var scheme: HMACScheme {
    guard let scheme = HMACScheme.make(for: source()) else {
      fatalError("vector \(name): no HMAC scheme for \(provider)")
    }
    return scheme
  }

  var signatureHeader: String {
    let present = scheme.headers.first { headers.keys.contains($0.signature) }
    return (present ?? scheme.headers[0]).signature
  }

  var timestampHeader: String? {
    scheme.headers.first { headers.keys.contains($0.signature) }?.timestamp
  }
}

enum ProviderVectors {
  static let all: [ProviderVector] = {
    struct File: Decodable { var vectors: [ProviderVector] }
    guard
      let url = Bundle.module.url(
        forResource: "provider-vectors", withExtension: "json", subdirectory: "Fixtures"),
      let data = try? Data(contentsOf: url),
      let file = try? JSONDecoder().decode(File.self, from: data)
    else {
      fatalError(
        "Fixtures/provider-vectors.json is missing or unreadable; run make-provider-vectors.sh")
    }
    return file.vectors
  }()

  static var signingATimestamp: [ProviderVector] { all.filter { $0.timestampHeader != nil } }

  static func named(_ name: String) -> ProviderVector {
    guard let vector = all.first(where: { $0.name == name }) else {
      fatalError("no provider vector named \(name)")
    }
    return vector
  }
}

@Suite("Fixtures/provider-vectors.json")
struct ProviderVectorFixtureTests {
  @Test func everyHMACProviderHasAVector() {
    let covered = Set(ProviderVectors.all.map(\.kind))
    let hmacFamily: Set<ProviderKind> = [
      .hmac, .square, .quickbooks, .xero, .standardWebhooks, .github, .shopify,
    ]
    #expect(hmacFamily.subtracting(covered).isEmpty)
  }

  @Test(arguments: ProviderVectors.all)
  func bodyTextDecodesToTheBytesTheScriptSigned(_ vector: ProviderVector) {
    #expect(Data(base64Encoded: vector.bodyBase64).map(Array.init) == vector.bodyBytes)
  }

  @Test func publishedExamplesAreWrittenAsPublished() {
    #expect(
      ProviderVectors.named("standard-webhooks-published").headers["webhook-signature"]
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    #expect(
      ProviderVectors.named("github-published").headers["X-Hub-Signature-256"]
        == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    #expect(
      ProviderVectors.named("square-published").headers["x-square-hmacsha256-signature"]
        == "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=")
  }
}
