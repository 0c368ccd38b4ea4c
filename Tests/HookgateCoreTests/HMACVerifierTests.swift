import Foundation
import Testing

@testable import HookgateCore

private let now = Date(timeIntervalSince1970: 1_763_726_400)
private let hexFormat = SignatureFormat(header: "X-Signature", encoding: .hex, prefix: "sha256=")
private let base64Format = SignatureFormat(header: "X-Signature", encoding: .base64)

private func request(_ value: String?, header: String = "X-Signature", body: [UInt8])
  -> InboundRequest
{
  InboundRequest(headers: HeaderFields(value.map { [(name: header, value: $0)] } ?? []), body: body)
}

private func isMalformed(_ result: Result<VerifiedSignature, VerificationFailure>) -> Bool {
  if case .failure(.malformedSignature) = result { return true }
  return false
}

@Suite("HMACVerifier against openssl vectors")
struct HMACVerifierTests {
  let vector = HMACVectors.hmacVector(named: "billing")

  @Test(arguments: HMACVectors.hmacVectors)
  func hexSignatureWithSha256PrefixVerifies(_ vector: HMACVectors.Plain) {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test(arguments: HMACVectors.hmacVectors)
  func base64SignatureVerifies(_ vector: HMACVectors.Plain) {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: base64Format)
    let result = verifier.verify(request(vector.base64, body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func base64SignatureWithAPrefixVerifies() {
    let format = SignatureFormat(header: "X-Signature", encoding: .base64, prefix: "sha256=")
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: format)
    let result = verifier.verify(
      request("sha256=\(vector.base64)", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func upperCaseHexVerifies() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(
      request("sha256=\(vector.hex.uppercased())", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func headerNameIsCaseInsensitive() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(
      request("sha256=\(vector.hex)", header: "x-signature", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func secondSecretMatchingReportsIndexOne() {
    let verifier = HMACVerifier(
      secrets: [Secret("the-new-secret"), Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 1)))
  }

  @Test func hexWithoutTheConfiguredPrefixIsMalformed() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request(vector.hex, body: vector.bodyBytes), now: now)
    #expect(isMalformed(result))
  }

  @Test func hexWithADifferentPrefixIsMalformed() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request("sha1=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(isMalformed(result))
  }

  @Test(arguments: ["not base64!!", "N6+CiosXiHYraSWIKJITLxMeACWkPVWKHBJZoIsUnSw", "@@@@", "===="])
  func badBase64IsMalformed(_ value: String) {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: base64Format)
    let result = verifier.verify(request(value, body: vector.bodyBytes), now: now)
    #expect(isMalformed(result), "\(result)")
  }

  @Test func base64OfTheWrongLengthIsMalformed() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: base64Format)
    let twentyBytes = Data(repeating: 7, count: 20).base64EncodedString()
    let result = verifier.verify(request(twentyBytes, body: vector.bodyBytes), now: now)
    #expect(isMalformed(result))
  }

  @Test(arguments: [
    "", "abc", String(repeating: "a", count: 40), String(repeating: "a", count: 63),
    String(repeating: "a", count: 66), String(repeating: "x", count: 64),
  ])
  func hexOfTheWrongLengthOrAlphabetIsMalformed(_ hex: String) {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request("sha256=\(hex)", body: vector.bodyBytes), now: now)
    #expect(isMalformed(result), "\(result)")
  }

  @Test func missingHeaderGivesMissingSignatureNamingTheHeader() {
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request(nil, body: vector.bodyBytes), now: now)
    #expect(result == .failure(.missingSignature(header: "X-Signature")))
  }

  @Test func wrongSecretGivesNoMatchingSignature() {
    let verifier = HMACVerifier(secrets: [Secret("not-the-secret")], format: hexFormat)
    let result = verifier.verify(request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func bodyChangedByOneByteGivesNoMatchingSignature() {
    var body = vector.bodyBytes
    body[body.count - 2] ^= 0x20
    let verifier = HMACVerifier(secrets: [Secret(vector.secret)], format: hexFormat)
    let result = verifier.verify(request("sha256=\(vector.hex)", body: body), now: now)
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func onlyExpiredSecretsGiveNoActiveSecret() {
    let expired = Secret(vector.secret, expires: now.addingTimeInterval(-1))
    let verifier = HMACVerifier(secrets: [expired], format: hexFormat)
    let result = verifier.verify(request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(result == .failure(.noActiveSecret))
  }

  @Test func verifiersMakeChoosesHMACVerifierForAnHMACSourceWithASignatureFormat() {
    let source = Source(
      tenant: "acme", name: "billing", provider: .hmac, secrets: [Secret(vector.secret)],
      signature: hexFormat)
    let result = Verifiers.make(for: source).verify(
      request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func verifiersMakeRefusesEverythingForAnHMACSourceWithoutASignatureFormat() {
    let source = Source(
      tenant: "acme", name: "billing", provider: .hmac, secrets: [Secret(vector.secret)])
    let result = Verifiers.make(for: source).verify(
      request("sha256=\(vector.hex)", body: vector.bodyBytes), now: now)
    #expect(isMalformed(result))
  }
}
