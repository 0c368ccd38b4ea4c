import Foundation
import Testing

@testable import HookgateCore

private func isMalformed(_ result: Result<VerifiedSignature, VerificationFailure>) -> Bool {
  if case .failure(.malformedSignature) = result { return true }
  return false
}

/// A secret of the same shape as the vector's, so only its value is wrong.
private func wrongSecret(for vector: ProviderVector) -> Secret {
  vector.kind == .standardWebhooks
    ? Secret("whsec_aG9va2dhdGUtd3Jvbmctc2VjcmV0LWtleQ==") : Secret(vector.secret + "x")
}

@Suite("HMAC presets and generic hmac against published and openssl vectors")
struct ProviderVerifierTests {
  @Test(arguments: ProviderVectors.all)
  func vectorVerifiesWithItsSecret(_ vector: ProviderVector) {
    #expect(vector.verify() == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test(arguments: ProviderVectors.all)
  func missingSignatureHeaderIsRefusedNamingIt(_ vector: ProviderVector) {
    var removed: [String: String?] = [:]
    for names in vector.scheme.headers { removed[names.signature] = String?.none }
    let result = vector.verify(vector.request(replacing: removed))
    #expect(result == .failure(.missingSignature(header: vector.scheme.headers[0].signature)))
  }

  @Test(arguments: ProviderVectors.all)
  func emptyOrGarbledSignatureIsMalformed(_ vector: ProviderVector) {
    let prefix = vector.scheme.prefix
    let garbled =
      vector.scheme.encoding == .hex
      ? ["", " ", prefix, prefix + "abc", prefix + String(repeating: "zz", count: 32)]
      : ["", " ", prefix, prefix + "@@not base64@@", prefix + "qp6rgjG9VKkUNTP3XWU3gEJQ"]
    for value in garbled {
      let result = vector.verify(vector.request(replacing: [vector.signatureHeader: value]))
      #expect(isMalformed(result), "'\(value)': \(result)")
    }
  }

  @Test(arguments: ProviderVectors.all)
  func wrongSecretGivesSignatureMismatch(_ vector: ProviderVector) {
    #expect(vector.verify(secrets: [wrongSecret(for: vector)]) == .failure(.noMatchingSignature))
  }

  @Test(arguments: ProviderVectors.all)
  func bodyChangedByOneByteGivesSignatureMismatch(_ vector: ProviderVector) {
    var body = vector.bodyBytes
    body[body.count / 2] ^= 0x01
    #expect(vector.verify(vector.request(body: body)) == .failure(.noMatchingSignature))
  }

  @Test(arguments: ProviderVectors.all)
  func onlyAnExpiredSecretGivesNoActiveSecret(_ vector: ProviderVector) {
    let expired = Secret(vector.secret, expires: vector.date.addingTimeInterval(-1))
    #expect(vector.verify(secrets: [expired]) == .failure(.noActiveSecret))
    #expect(
      vector.verify(secrets: [expired, wrongSecret(for: vector)])
        == .failure(.noMatchingSignature))
  }

  @Test(arguments: ProviderVectors.all)
  func theMatchingSecretsIndexIsReportedDuringRotation(_ vector: ProviderVector) {
    let later = Secret(vector.secret, expires: vector.date.addingTimeInterval(3600))
    #expect(
      vector.verify(secrets: [wrongSecret(for: vector), later])
        == .success(VerifiedSignature(secretIndex: 1)))
  }

  @Test(arguments: ProviderVectors.signingATimestamp, [-600.0, 600.0])
  func timestampTenMinutesAwayIsOutOfTolerance(_ vector: ProviderVector, offset: Double) {
    let result = vector.verify(at: vector.date.addingTimeInterval(offset))
    #expect(result == .failure(.timestampOutOfTolerance))
  }

  @Test(arguments: ProviderVectors.signingATimestamp)
  func timestampAtTheToleranceEdgeStillVerifies(_ vector: ProviderVector) {
    #expect(vector.verify(at: vector.date.addingTimeInterval(300)).isSuccess)
    #expect(vector.verify(at: vector.date.addingTimeInterval(-300)).isSuccess)
  }

  @Test(arguments: ProviderVectors.signingATimestamp)
  func nonNumericTimestampIsMalformed(_ vector: ProviderVector) {
    let header = vector.timestampHeader ?? ""
    for value in ["abc", "", "-1614265330", "1614265330.5", "1.6e9", "0x60365e72"] {
      let result = vector.verify(vector.request(replacing: [header: value]))
      #expect(isMalformed(result), "'\(value)': \(result)")
    }
  }

  @Test(arguments: ProviderVectors.signingATimestamp)
  func missingTimestampHeaderIsRefusedNamingIt(_ vector: ProviderVector) {
    let header = vector.timestampHeader ?? ""
    let result = vector.verify(vector.request(replacing: [header: String?.none]))
    #expect(result == .failure(.missingSignature(header: header)))
  }

  @Test(arguments: ProviderVectors.signingATimestamp)
  func anotherSignedTimestampGivesSignatureMismatch(_ vector: ProviderVector) {
    let header = vector.timestampHeader ?? ""
    let result = vector.verify(vector.request(replacing: [header: String(vector.now + 1)]))
    #expect(result == .failure(.noMatchingSignature))
  }
}

@Suite("Preset details")
struct PresetDetailTests {
  let published = ProviderVectors.named("standard-webhooks-published")
  let svix = ProviderVectors.named("svix-headers-signature-list")

  @Test func standardWebhooksAnotherMessageIDGivesSignatureMismatch() {
    let result = published.verify(published.request(replacing: ["webhook-id": "msg_other"]))
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func standardWebhooksMissingMessageIDIsRefusedNamingIt() {
    let result = published.verify(published.request(replacing: ["webhook-id": String?.none]))
    #expect(result == .failure(.missingSignature(header: "webhook-id")))
  }

  @Test func svixSignatureIsNeverCheckedAgainstWebhookTimestampHeaders() {
    // Names of one convention are never mixed with the other's.
    let request = svix.request(replacing: [
      "svix-timestamp": String?.none, "webhook-timestamp": String(svix.now),
    ])
    #expect(svix.verify(request) == .failure(.missingSignature(header: "svix-timestamp")))
  }

  @Test func anyV1InTheListVerifiesSoTheRotatedOutSecretStillDoes() {
    // make-provider-vectors.sh signed the second v1 with this older secret.
    let old = Secret("whsec_R2VoZWltbmlzSW52b2ljZXNLZXkxMjM0NQ==")
    #expect(svix.verify(secrets: [old]) == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func signatureListWithoutAnyV1IsMalformed() {
    let request = svix.request(replacing: ["svix-signature": "v1a,abc v2,def"])
    #expect(isMalformed(svix.verify(request)))
  }

  @Test func aGarbledV1BesideAValidOneIsMalformed() {
    let valid = svix.headers["svix-signature"] ?? ""
    let request = svix.request(replacing: ["svix-signature": "v1,@@@ " + valid])
    #expect(isMalformed(svix.verify(request)))
  }

  @Test func standardWebhooksKeyIsTheBase64DecodedSecretWithOrWithoutWhsec() {
    let bare = String(published.secret.dropFirst("whsec_".count))
    #expect(published.verify(secrets: [Secret(bare)]).isSuccess)
    #expect(
      HMACScheme.standardWebhooks.key(for: Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))?
        .count == 24)
    #expect(HMACScheme.standardWebhooks.key(for: Secret("whsec_not base64!")) == nil)
  }

  @Test func standardWebhooksToleranceIsTheSources() {
    let source = published.source(tolerance: .seconds(30))
    let verifier = Verifiers.make(for: source)
    let result = verifier.verify(published.request(), now: published.date.addingTimeInterval(31))
    #expect(result == .failure(.timestampOutOfTolerance))
  }

  @Test func squareSignatureOverAnotherNotificationURLGivesSignatureMismatch() {
    let vector = ProviderVectors.named("square-published")
    var source = vector.source()
    source.notificationURL = "https://webhook.site/another"
    let result = Verifiers.make(for: source).verify(vector.request(), now: vector.date)
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func githubHexIsAcceptedInUpperCase() {
    let vector = ProviderVectors.named("github-published")
    let value = vector.headers["X-Hub-Signature-256"] ?? ""
    let upper = "sha256=" + value.dropFirst("sha256=".count).uppercased()
    #expect(vector.verify(vector.request(replacing: ["X-Hub-Signature-256": upper])).isSuccess)
  }

  @Test func githubSha1HeaderAloneIsAMissingSignature() {
    let vector = ProviderVectors.named("github-published")
    let request = vector.request(replacing: [
      "X-Hub-Signature-256": String?.none, "X-Hub-Signature": "sha1=0000",
    ])
    #expect(vector.verify(request) == .failure(.missingSignature(header: "X-Hub-Signature-256")))
  }

  @Test func everyHMACProviderGetsTheHMACEngine() {
    for vector in ProviderVectors.all {
      #expect(Verifiers.make(for: vector.source()) is HMACVerifier, "\(vector.name)")
    }
  }

  @Test func hmacSourceWithoutSignatureFormatRefusesEverything() {
    let source = Source(tenant: "t", name: "s", provider: .hmac, secrets: [Secret("k")])
    #expect(Verifiers.make(for: source) is UnavailableVerifier)
  }

  @Test func hmacSignedIDIsTheEventIDHeader() {
    let secret = "k"
    let body = Array(#"{"event":"sale.completed"}"#.utf8)
    var source = Source(
      tenant: "t", name: "s", provider: .hmac, secrets: [Secret(secret)],
      signature: SignatureFormat(header: "X-Sig", encoding: .base64),
      eventID: .header("X-Event-Id"))
    source.signedContent = try? SignedContentTemplate(parsing: "{id}:{url}:{body}")
    source.notificationURL = "https://hooks.example.com/in"
    // Computed with: printf 'evt_9:https://hooks.example.com/in:{"event":"sale.completed"}' \
    //   | openssl dgst -sha256 -hmac k -binary | base64
    let signature = "qL+ZHuao7k1HEEOWRaqnynN/OsL+Cm5u1ZwhjvmrzpA="
    let verifier = Verifiers.make(for: source)
    let good = InboundRequest(
      headers: ["X-Sig": signature, "X-Event-Id": "evt_9"], body: body)
    #expect(verifier.verify(good, now: Date()) == .success(VerifiedSignature(secretIndex: 0)))
    let otherID = InboundRequest(
      headers: ["X-Sig": signature, "X-Event-Id": "evt_10"], body: body)
    #expect(verifier.verify(otherID, now: Date()) == .failure(.noMatchingSignature))
    let noID = InboundRequest(headers: ["X-Sig": signature], body: body)
    #expect(
      verifier.verify(noID, now: Date()) == .failure(.missingSignature(header: "X-Event-Id")))
  }

  @Test func hmacTimestampToleranceOfItsOwnOverridesTheSources() {
    let vector = ProviderVectors.named("hmac-timestamp-dot-body")
    var source = vector.source()
    source.signatureTimestamp = SignatureTimestamp(
      header: "X-Billing-Timestamp", tolerance: .seconds(10))
    let result = Verifiers.make(for: source).verify(
      vector.request(), now: vector.date.addingTimeInterval(11))
    #expect(result == .failure(.timestampOutOfTolerance))
  }
}

extension Result {
  fileprivate var isSuccess: Bool {
    if case .success = self { return true }
    return false
  }
}
