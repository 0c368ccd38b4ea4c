import Foundation
import Testing

@testable import HookgateCore

private let tolerance: Duration = .seconds(300)

private func pinned(_ certificate: Certificate = PayPalFixtures.certificate("leaf.pem"))
  -> PayPalVerifier
{
  PayPalVerifier(
    webhookID: PayPalFixtures.webhookID, tolerance: tolerance, certificates: .pinned(certificate))
}

private func fetching(
  _ provider: RecordingCertificateProvider, webhookID: String = PayPalFixtures.webhookID,
  extraHosts: [String] = []
) -> PayPalVerifier {
  PayPalVerifier(
    webhookID: webhookID, tolerance: tolerance,
    certificates: .fetched(provider, CertificateURLPolicy(extraHosts: extraHosts)))
}

private func leafProvider() -> RecordingCertificateProvider {
  RecordingCertificateProvider(.success(PayPalFixtures.certificate("leaf.pem")))
}

private func isMalformed(_ result: Result<VerifiedSignature, VerificationFailure>) -> Bool {
  if case .failure(.malformedSignature) = result { return true }
  return false
}

@Suite("PayPalVerifier against openssl-made certificates and signatures")
struct PayPalVerifierTests {
  @Test func signedStringIsIdTimeWebhookIdAndDecimalCRC32OfTheRawBody() {
    let signed = PayPalVerifier.signedString(
      transmissionID: PayPalFixtures.transmissionID,
      transmissionTime: PayPalFixtures.transmissionTime, webhookID: PayPalFixtures.webhookID,
      body: PayPalFixtures.body)
    #expect(String(decoding: signed, as: UTF8.self) == PayPalFixtures.text("signed-string.txt"))
  }

  @Test func signatureFromOpensslVerifiesWithThePinnedCertificate() async {
    let result = await pinned().verify(PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func pinnedCertificateIgnoresTheCertURLHeader() async {
    let request = PayPalFixtures.request(
      headers: PayPalFixtures.headers(certURL: "http://evil.example/cert.pem"))
    let result = await pinned().verify(request, now: PayPalFixtures.signedAt)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func signatureVerifiesWithTheCertificateFetchedFromAnAllowedURL() async {
    let provider = leafProvider()
    let result = await fetching(provider).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
    #expect(provider.urls == [PayPalFixtures.certURL])
  }

  @Test func anotherWebhookIDIsASignatureMismatch() async {
    let result = await fetching(leafProvider(), webhookID: "WH-SOMEONE-ELSE").verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result == .failure(.noMatchingSignature))
    #expect(result.failureReason == "signature_mismatch")
  }

  @Test func bodyChangedByOneByteIsASignatureMismatch() async {
    var body = PayPalFixtures.body
    body[body.count / 2] ^= 0x01
    let result = await pinned().verify(
      PayPalFixtures.request(body: body), now: PayPalFixtures.signedAt)
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test func signatureByAnotherKeyIsASignatureMismatch() async {
    let result = await pinned(PayPalFixtures.certificate("self-signed.pem")).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result == .failure(.noMatchingSignature))
  }

  @Test(arguments: [-601.0, -301.0, 301.0, 601.0])
  func transmissionTimeOutsideToleranceIsRefusedBeforeAnyFetch(offset: Double) async {
    let provider = leafProvider()
    let result = await fetching(provider).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt.addingTimeInterval(offset))
    #expect(result == .failure(.timestampOutOfTolerance))
    #expect(provider.urls.isEmpty)
  }

  @Test(arguments: [-299.0, 299.0])
  func transmissionTimeWithinToleranceInEitherDirectionVerifies(offset: Double) async {
    let result = await pinned().verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt.addingTimeInterval(offset))
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test(arguments: ["not base64 at all!", "", "AAAA", String(repeating: "A", count: 2000)])
  func signatureThatIsNotBase64RSAIsMalformed(signature: String) async {
    let request = PayPalFixtures.request(headers: PayPalFixtures.headers(signature: signature))
    let result = await pinned().verify(request, now: PayPalFixtures.signedAt)
    if signature.isEmpty {
      #expect(result == .failure(.missingSignature(header: "PAYPAL-TRANSMISSION-SIG")))
    } else {
      #expect(isMalformed(result))
    }
  }

  @Test(arguments: ["SHA1withRSA", "SHA256withECDSA", "sha256withrsa", "none"])
  func authAlgorithmOtherThanSHA256withRSAIsMalformed(algorithm: String) async {
    let request = PayPalFixtures.request(headers: PayPalFixtures.headers(algorithm: algorithm))
    let result = await pinned().verify(request, now: PayPalFixtures.signedAt)
    #expect(isMalformed(result))
    #expect(result.failureReason == "malformed_signature")
  }

  @Test(arguments: ["1768471200", "yesterday", "2026-01-15 10:00:00", "2026-13-15T10:00:00Z"])
  func transmissionTimeThatIsNotISO8601IsMalformed(time: String) async {
    let request = PayPalFixtures.request(headers: PayPalFixtures.headers(time: time))
    #expect(isMalformed(await pinned().verify(request, now: PayPalFixtures.signedAt)))
  }

  @Test(arguments: [
    "PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG",
    "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO",
  ])
  func missingHeaderIsAMissingSignatureNamingIt(header: String) async {
    let headers = PayPalFixtures.headers()
    let kept = [
      "PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG",
      "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO",
    ].filter { $0 != header }.map { (name: $0, value: headers[$0]!) }
    let result = await pinned().verify(
      PayPalFixtures.request(headers: HeaderFields(kept)), now: PayPalFixtures.signedAt)
    #expect(result == .failure(.missingSignature(header: header)))
  }

  @Test func certURLOffTheAllowListIsRefusedAndNeverFetched() async {
    let provider = leafProvider()
    let request = PayPalFixtures.request(
      headers: PayPalFixtures.headers(certURL: "https://evil.example/cert.pem"))
    let result = await fetching(provider).verify(request, now: PayPalFixtures.signedAt)
    #expect(result == .failure(.certificateURLRefused))
    #expect(result.failureReason == "certificate_url_refused")
    #expect(provider.urls.isEmpty)
  }

  @Test func unavailableCertificateIsRefusedWithItsOwnReason() async {
    let provider = RecordingCertificateProvider(.failure(.unavailable("timed out")))
    let result = await fetching(provider).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result.failureReason == "certificate_unavailable")
  }

  @Test func untrustedCertificateIsRefusedWithItsOwnReason() async {
    let provider = RecordingCertificateProvider(.failure(.invalid("self-signed")))
    let result = await fetching(provider).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result.failureReason == "certificate_invalid")
  }

  @Test func expiredPinnedCertificateIsInvalidEvenWithoutACAStoreCheck() async {
    let result = await pinned(PayPalFixtures.certificate("expired.pem")).verify(
      PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result.failureReason == "certificate_invalid")
  }

  @Test func paypalSourceWithACertFileTheServerDidNotLoadRefusesEverything() async {
    var source = Source(
      tenant: "acme", name: "paypal", provider: .paypal, webhookID: PayPalFixtures.webhookID)
    source.certFile = "/etc/hookgate/paypal.pem"
    let verifier = Verifiers.makeAsync(for: source, certificates: .unavailable)
    let result = await verifier.verify(PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result.failureReason == "certificate_unavailable")
  }

  @Test func paypalSourceWithALoadedCertFileVerifies() async {
    var source = Source(
      tenant: "acme", name: "paypal", provider: .paypal, webhookID: PayPalFixtures.webhookID)
    source.certFile = "/etc/hookgate/paypal.pem"
    let certificates = PayPalCertificates(
      provider: NoCertificateProvider(),
      files: ["/etc/hookgate/paypal.pem": [PayPalFixtures.certificate("leaf.pem")]])
    let verifier = Verifiers.makeAsync(for: source, certificates: certificates)
    let result = await verifier.verify(PayPalFixtures.request(), now: PayPalFixtures.signedAt)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
  }

  @Test func paypalSourceWithoutCertFileFetchesThroughTheProviderWithItsCertHosts() async {
    var source = Source(
      tenant: "acme", name: "paypal", provider: .paypal, webhookID: PayPalFixtures.webhookID)
    source.certHosts = ["127.0.0.1:8443"]
    let provider = leafProvider()
    let verifier = Verifiers.makeAsync(
      for: source, certificates: PayPalCertificates(provider: provider))
    let url = "https://127.0.0.1:8443/cert-chain.pem"
    let result = await verifier.verify(
      PayPalFixtures.request(headers: PayPalFixtures.headers(certURL: url)),
      now: PayPalFixtures.signedAt)
    #expect(result == .success(VerifiedSignature(secretIndex: 0)))
    #expect(provider.urls == [url])
  }
}

extension Result where Failure == VerificationFailure {
  var failureReason: String? {
    if case .failure(let failure) = self { return failure.reason }
    return nil
  }
}
