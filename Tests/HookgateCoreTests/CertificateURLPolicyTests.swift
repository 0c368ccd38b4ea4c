import Testing

@testable import HookgateCore

@Suite("PayPal certificate URL allow-list")
struct CertificateURLPolicyTests {
  static let allowedByDefault = [
    "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
    "https://api-m.paypal.com/v1/notifications/certs/CERT-1",
    "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1",
    "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-1",
    "HTTPS://API.PAYPAL.COM/v1/notifications/certs/CERT-1",
    "https://api.paypal.com:443/v1/notifications/certs/CERT-1",
    "https://api.paypal.com",
  ]

  static let refused = [
    "http://api.paypal.com/v1/notifications/certs/CERT-1",  // not https
    "https://evil.example/v1/notifications/certs/CERT-1",  // other host
    "https://api.paypal.com.evil.example/cert",  // suffix trick
    "https://evilapi.paypal.com/cert",  // another PayPal-looking host
    "https://api.paypal.com@evil.example/cert",  // userinfo
    "https://user:pass@api.paypal.com/cert",  // userinfo on the right host
    "https://api.paypal.com:8443/cert",  // other port
    "https://api.paypal.com:/cert",  // empty port
    "https://api.paypal.com:99999/cert",  // impossible port
    "https://api.paypal.com./cert",  // trailing dot
    "https://api.paypal.com\\@evil.example/cert",  // backslash
    "https://api.paypal.com%2f@evil.example/cert",  // percent-encoding in the authority
    "https://api.pаypal.com/cert",  // Cyrillic a
    "https:// api.paypal.com/cert",  // space
    "https:/api.paypal.com/cert",  // one slash
    "//api.paypal.com/cert",  // no scheme
    "file:///etc/passwd",
    "ftp://api.paypal.com/cert",
    "https://[::1]/cert",  // IPv6 literal
    "https://127.0.0.1/cert",  // not listed
    "https://",
    "",
  ]

  @Test(arguments: allowedByDefault)
  func payPalHostsOverHTTPSAreAllowed(url: String) {
    #expect(CertificateURLPolicy().allows(url))
  }

  @Test(arguments: refused)
  func everythingElseIsRefused(url: String) {
    #expect(!CertificateURLPolicy().allows(url))
  }

  @Test func certHostsExtendTheListWithTheirPortsOnly() {
    let policy = CertificateURLPolicy(extraHosts: ["127.0.0.1:8443", "Certs.Example.COM"])
    #expect(policy.allows("https://127.0.0.1:8443/cert-chain.pem"))
    #expect(policy.allows("https://certs.example.com/cert.pem"))
    #expect(policy.allows("https://api.paypal.com/cert"))  // the defaults stay
    #expect(!policy.allows("https://127.0.0.1/cert-chain.pem"))
    #expect(!policy.allows("https://127.0.0.1:8444/cert-chain.pem"))
    #expect(!policy.allows("http://127.0.0.1:8443/cert-chain.pem"))
    #expect(!policy.allows("https://certs.example.com:8443/cert.pem"))
  }

  @Test func hostEntriesAreValidatedForConfigLoad() {
    for good in ["api.sandbox.paypal.com", "127.0.0.1:8443", "localhost", "LOCALHOST:443"] {
      #expect(CertificateURLPolicy.isValidHostEntry(good), "\(good)")
    }
    for bad in ["https://x.com", "x.com/path", "user@x.com", "x.com:0", "x.com:abc", "", ".x.com"] {
      #expect(!CertificateURLPolicy.isValidHostEntry(bad), "\(bad)")
    }
  }
}

@Suite("Certificate parsing with libssl")
struct CertificateTests {
  @Test func chainFileHoldsTheLeafThenTheIntermediate() {
    let chain = Certificate.parseChain(pem: PayPalFixtures.data("cert-chain.pem"))
    #expect(chain.count == 2)
    #expect(chain.first?.hasRSAKey == true)
  }

  @Test func textThatIsNotPEMHoldsNoCertificate() {
    #expect(Certificate.parseChain(pem: PayPalFixtures.data("not-a-certificate.pem")).isEmpty)
    #expect(Certificate.parseChain(pem: []).isEmpty)
    #expect(Certificate.parseChain(pem: Array("-----BEGIN CERTIFICATE-----\nAAAA\n".utf8)).isEmpty)
  }

  @Test func validityDatesAreReadFromTheCertificate() {
    let expired = PayPalFixtures.certificate("expired.pem")
    #expect(expired.notBefore.timeIntervalSince1970 == 1_577_836_800)  // 2020-01-01
    #expect(expired.notAfter.timeIntervalSince1970 == 1_609_459_200)  // 2021-01-01
    #expect(!expired.isValid(at: PayPalFixtures.signedAt))
    #expect(PayPalFixtures.certificate("leaf.pem").isValid(at: PayPalFixtures.signedAt))
  }
}
