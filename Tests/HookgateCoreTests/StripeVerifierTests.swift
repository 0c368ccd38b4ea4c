import Foundation
import Testing

@testable import HookgateCore

private let tolerance: Duration = .seconds(300)

private func date(_ seconds: Int64) -> Date {
  Date(timeIntervalSince1970: TimeInterval(seconds))
}

private func request(header: String?, name: String = "Stripe-Signature", body: [UInt8])
  -> InboundRequest
{
  InboundRequest(headers: HeaderFields(header.map { [(name: name, value: $0)] } ?? []), body: body)
}

private func verifier(_ secrets: [Secret]) -> StripeVerifier {
  StripeVerifier(secrets: secrets, tolerance: tolerance)
}

private func isMalformed(_ result: Result<VerifiedSignature, VerificationFailure>) -> Bool {
  if case .failure(.malformedSignature) = result { return true }
  return false
}

/// A valid-looking but wrong v1 value: 64 hex digits.
private let otherV1 = String(repeating: "ab", count: 32)

@Suite("StripeVerifier against openssl vectors")
struct StripeVerifierTests {
  let vector = HMACVectors.stripeVector(named: "ascii")

  @Test(arguments: HMACVectors.stripeVectors)
  func opensslVectorVerifiesWithItsSecret(_ vector: HMACVectors.Stripe) {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test(arguments: HMACVectors.stripeVectors)
  func signatureHeaderRoundTripsAgainstTheOpenSSLVector(_ vector: HMACVectors.Stripe) {
    let header = StripeVerifier.signatureHeader(
      secret: vector.secret, timestamp: vector.timestamp, body: vector.bodyBytes)
    #expect(header == vector.header)
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func severalV1ValuesVerifyWhenOnlyTheSecondMatches() {
    let header = "t=\(vector.timestamp),v1=\(otherV1),v1=\(vector.v1Hex)"
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func v0AndUnknownSchemesNextToAValidV1AreIgnored() {
    let header = "t=\(vector.timestamp),v0=\(otherV1),v9=zz,v1=\(vector.v1Hex)"
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func stripeSignatureWithOldSecretStillVerifiesDuringRotation() {
    let secrets = [Secret("whsec_the_new_secret_not_yet_used"), Secret(vector.secret)]
    let result = verifier(secrets).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 1)))
  }

  @Test func secretThatExpiresLaterStillVerifies() {
    let secrets = [Secret(vector.secret, expires: date(vector.timestamp + 3600))]
    let result = verifier(secrets).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func expiredSecretAloneGivesNoActiveSecret() {
    let secrets = [Secret(vector.secret, expires: date(vector.timestamp - 1))]
    let result = verifier(secrets).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noActiveSecret))
  }

  @Test func secretExpiringExactlyNowNoLongerVerifies() {
    let secrets = [Secret(vector.secret, expires: date(vector.timestamp))]
    let result = verifier(secrets).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noActiveSecret))
  }

  @Test func expiredMatchingSecretNextToAnActiveOneGivesNoMatchingSignature() {
    let secrets = [
      Secret("whsec_the_new_secret"),
      Secret(vector.secret, expires: date(vector.timestamp - 1)),
    ]
    let result = verifier(secrets).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func noSecretsAtAllGivesNoActiveSecret() {
    let result = verifier([]).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noActiveSecret))
  }

  @Test func wrongSecretGivesNoMatchingSignature() {
    let result = verifier([Secret("whsec_someone_elses_secret")]).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test(arguments: HMACVectors.stripeVectors)
  func bodyChangedByOneByteGivesNoMatchingSignature(_ vector: HMACVectors.Stripe) {
    var body = vector.bodyBytes
    body[body.count / 2] ^= 0x01
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: body), now: date(vector.timestamp))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func bodyWithoutItsTrailingNewlineGivesNoMatchingSignature() {
    let vector = HMACVectors.stripeVector(named: "trailing-newline")
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: Array(vector.bodyBytes.dropLast())),
      now: date(vector.timestamp))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func alteredTimestampWithTheOriginalV1GivesNoMatchingSignature() {
    let header = "t=\(vector.timestamp + 1),v1=\(vector.v1Hex)"
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func timestampTenMinutesInThePastIsOutOfTolerance() {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp + 600))
    #expect(result == .failure(.timestampOutOfTolerance))
  }

  @Test func timestampTenMinutesInTheFutureIsOutOfTolerance() {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: vector.bodyBytes), now: date(vector.timestamp - 600))
    #expect(result == .failure(.timestampOutOfTolerance))
  }

  @Test(arguments: [-300, 300] as [Int64])
  func timestampExactlyAtTheToleranceEdgeIsAccepted(_ offset: Int64) {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: vector.bodyBytes),
      now: date(vector.timestamp + offset))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test(arguments: [-301, 301] as [Int64])
  func timestampOneSecondPastTheToleranceEdgeIsRefused(_ offset: Int64) {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, body: vector.bodyBytes),
      now: date(vector.timestamp + offset))
    #expect(result == .failure(.timestampOutOfTolerance))
  }

  @Test func missingHeaderGivesMissingSignature() {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: nil, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .failure(.missingSignature(header: "Stripe-Signature")))
  }

  @Test func signatureInAnotherHeaderGivesMissingSignature() {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, name: "X-Signature", body: vector.bodyBytes),
      now: date(vector.timestamp))
    #expect(result == .failure(.missingSignature(header: "Stripe-Signature")))
  }

  @Test(arguments: [
    "",
    "garbage",
    "v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=1763726400",
    "t=1763726400,v1=",
    "t=1763726400,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422",
    "t=1763726400,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf42",
    "t=1763726400,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a00",
    "t=1763726400,v1=zz c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=1763726400,v1=g4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=abc,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=1763726400.5,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=-1,v1=a4c1ccee031e5de0d7254b53d45576e94e29b3c30ccdd7677964693c2faf422a",
    "t=1763726400,v1=a4c1ccee031e5de0d7254b53d45576e9",
  ])
  func garbledHeaderIsMalformed(_ header: String) {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(isMalformed(result), "\(result)")
  }

  @Test func oneGarbledV1AmongValidOnesIsStillMalformed() {
    let header = "t=\(vector.timestamp),v1=\(vector.v1Hex),v1=abc"
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(isMalformed(result))
  }

  @Test(arguments: ["stripe-signature", "STRIPE-SIGNATURE", "Stripe-Signature", "sTrIpE-sIgNaTuRe"])
  func headerNameIsCaseInsensitive(_ name: String) {
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: vector.header, name: name, body: vector.bodyBytes),
      now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func spacesAroundHeaderItemsAreTolerated() {
    let header = " t=\(vector.timestamp) , v1=\(vector.v1Hex) "
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func upperCaseHexV1Verifies() {
    let header = "t=\(vector.timestamp),v1=\(vector.v1Hex.uppercased())"
    let result = verifier([Secret(vector.secret)]).verify(
      request(header: header, body: vector.bodyBytes), now: date(vector.timestamp))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func parseKeepsEveryV1ValueInOrder() throws {
    let parsed = try StripeVerifier.parse("t=42,v1=\(otherV1),v1=\(vector.v1Hex)").get()
    #expect(parsed.timestamp == 42)
    #expect(parsed.signatures.map(ByteEncoding.hex) == [otherV1, vector.v1Hex])
  }
}
