import Foundation
import Testing

/// The HMAC-SHA256 vectors of `Fixtures/hmac-vectors.json`, computed by
/// `Fixtures/make-vectors.sh` with the openssl CLI, not by hookgate's Swift code.
struct HMACVectors: Decodable, Sendable {
  struct Stripe: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var secret: String
    var timestamp: Int64
    var body: String
    var bodyBase64: String
    var v1Hex: String

    var bodyBytes: [UInt8] { Array(body.utf8) }
    var header: String { "t=\(timestamp),v1=\(v1Hex)" }
    var testDescription: String { name }

    enum CodingKeys: String, CodingKey {
      case name, secret, timestamp, body
      case bodyBase64 = "body_base64"
      case v1Hex = "v1_hex"
    }
  }

  struct Plain: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var secret: String
    var body: String
    var bodyBase64: String
    var hex: String
    var base64: String

    var bodyBytes: [UInt8] { Array(body.utf8) }
    var testDescription: String { name }

    enum CodingKeys: String, CodingKey {
      case name, secret, body, hex, base64
      case bodyBase64 = "body_base64"
    }
  }

  var stripe: [Stripe]
  var hmac: [Plain]

  static let fixture: HMACVectors = {
    guard
      let url = Bundle.module.url(
        forResource: "hmac-vectors", withExtension: "json", subdirectory: "Fixtures"),
      let data = try? Data(contentsOf: url),
      let vectors = try? JSONDecoder().decode(HMACVectors.self, from: data)
    else { fatalError("Fixtures/hmac-vectors.json is missing or unreadable; run make-vectors.sh") }
    return vectors
  }()

  static var stripeVectors: [Stripe] { fixture.stripe }
  static var hmacVectors: [Plain] { fixture.hmac }

  static func stripeVector(named name: String) -> Stripe {
    guard let vector = fixture.stripe.first(where: { $0.name == name }) else {
      fatalError("no Stripe vector named \(name)")
    }
    return vector
  }

  static func hmacVector(named name: String) -> Plain {
    guard let vector = fixture.hmac.first(where: { $0.name == name }) else {
      fatalError("no HMAC vector named \(name)")
    }
    return vector
  }
}

@Suite("Fixtures/hmac-vectors.json")
struct HMACVectorFixtureTests {
  @Test func fixtureHasFourStripeAndFourPlainVectors() {
    #expect(HMACVectors.stripeVectors.count == 4)
    #expect(HMACVectors.hmacVectors.count == 4)
  }

  @Test(arguments: HMACVectors.stripeVectors)
  func stripeVectorBodyTextDecodesToTheBytesTheScriptSigned(_ vector: HMACVectors.Stripe) {
    #expect(Data(base64Encoded: vector.bodyBase64).map(Array.init) == vector.bodyBytes)
  }

  @Test(arguments: HMACVectors.hmacVectors)
  func plainVectorBodyTextDecodesToTheBytesTheScriptSigned(_ vector: HMACVectors.Plain) {
    #expect(Data(base64Encoded: vector.bodyBase64).map(Array.init) == vector.bodyBytes)
  }

  @Test func vectorsCoverMultiByteUTF8AndATrailingNewline() {
    let multiByte = HMACVectors.stripeVector(named: "utf8-multibyte").bodyBytes
    #expect(multiByte.contains { $0 >= 0x80 })
    #expect(HMACVectors.stripeVector(named: "trailing-newline").bodyBytes.last == 0x0A)
  }
}
