import Foundation
import HookgateCore
import Testing

@testable import HookgateDelivery

private func chain(_ name: String) throws -> [Certificate] {
  let data = try Data(contentsOf: PayPalTestFiles.directory.appendingPathComponent(name))
  return Certificate.parseChain(pem: Array(data))
}

private func trustingFixtureCA() throws -> TrustStore {
  try TrustStore(extraCAFile: PayPalTestFiles.path("ca.pem"))
}

/// The libssl chain check and the cache behind the PayPal certificate fetcher, on the
/// fixture script's certificates (no network).
@Suite("PayPal certificate trust and cache")
struct CertificateTrustTests {
  @Test func leafWithItsIntermediateChainsToTheExtraCA() throws {
    let result = try trustingFixtureCA().verify(chain: chain("cert-chain.pem"), at: Date())
    #expect(result.failure == nil)
  }

  @Test func leafChainedToTheFixtureCAIsUntrustedByTheSystemStoreAlone() throws {
    let result = try TrustStore().verify(chain: chain("cert-chain.pem"), at: Date())
    #expect(result.failure == .invalid("the certificate is not issued by a trusted CA"))
  }

  @Test func leafWithoutItsIntermediateIsUntrusted() throws {
    let result = try trustingFixtureCA().verify(chain: chain("leaf.pem"), at: Date())
    #expect(result.failure == .invalid("the certificate is not issued by a trusted CA"))
  }

  @Test func expiredLeafIsRefusedAsExpired() throws {
    let result = try trustingFixtureCA().verify(chain: chain("expired-chain.pem"), at: Date())
    #expect(result.failure == .invalid("the certificate has expired"))
  }

  @Test func selfSignedLeafIsRefusedAsSelfSigned() throws {
    let result = try trustingFixtureCA().verify(chain: chain("self-signed.pem"), at: Date())
    #expect(result.failure == .invalid("the certificate is self-signed"))
  }

  @Test func chainIsCheckedAtTheRequestsTime() throws {
    let beforeItWasIssued = Date(timeIntervalSince1970: 1_000_000_000)
    let result = try trustingFixtureCA().verify(
      chain: chain("cert-chain.pem"), at: beforeItWasIssued)
    #expect(result.failure == .invalid("the certificate is not yet valid"))
  }

  @Test func missingExtraCAFileIsALoadError() {
    #expect(throws: TrustStore.LoadError.self) {
      try TrustStore(extraCAFile: "/nonexistent/ca.pem")
    }
  }

  @Test func cacheKeepsEntriesAnHourAtMostAndNeverPastNotAfter() throws {
    let leaf = try #require(try chain("leaf.pem").first)
    var cache = CertificateCache(capacity: 2, maxAge: .seconds(3600))
    let now = Date()
    cache.insert(leaf, for: "a", now: now)
    #expect(cache.certificate(for: "a", now: now.addingTimeInterval(3599)) != nil)
    #expect(cache.certificate(for: "a", now: now.addingTimeInterval(3601)) == nil)

    let nearEnd = leaf.notAfter.addingTimeInterval(-10)
    cache.insert(leaf, for: "b", now: nearEnd)
    #expect(cache.certificate(for: "b", now: nearEnd.addingTimeInterval(9)) != nil)
    #expect(cache.certificate(for: "b", now: nearEnd.addingTimeInterval(11)) == nil)
  }

  @Test func cacheIsBoundedByEvictingTheEntryThatExpiresFirst() throws {
    let leaf = try #require(try chain("leaf.pem").first)
    var cache = CertificateCache(capacity: 2, maxAge: .seconds(3600))
    let now = Date()
    cache.insert(leaf, for: "first", now: now)
    cache.insert(leaf, for: "second", now: now.addingTimeInterval(1))
    cache.insert(leaf, for: "third", now: now.addingTimeInterval(2))
    #expect(cache.count == 2)
    #expect(cache.certificate(for: "first", now: now.addingTimeInterval(3)) == nil)
    #expect(cache.certificate(for: "third", now: now.addingTimeInterval(3)) != nil)
  }
}

extension Result where Success == Void {
  fileprivate var failure: Failure? {
    if case .failure(let failure) = self { return failure }
    return nil
  }
}
