import Foundation
import HookgateCore

/// PayPal signing certificates from their URLs: downloaded with libcurl, parsed, checked
/// against the trust store at the request's time, and cached by URL.
///
/// Concurrent requests for one URL share a single download, so a burst of events after a
/// certificate rotation makes one fetch, not hundreds. Failures are not cached: the next
/// request tries again (URLs are allow-listed, so retries only reach PayPal's hosts).
public actor CertificateFetcher: CertificateProvider {
  public struct Settings: Sendable {
    public var timeout: Duration
    public var sizeLimit: Int
    public var cacheCapacity: Int
    public var cacheMaxAge: Duration

    public init(
      timeout: Duration = .seconds(3), sizeLimit: Int = 64 << 10, cacheCapacity: Int = 64,
      cacheMaxAge: Duration = .seconds(3600)
    ) {
      self.timeout = timeout
      self.sizeLimit = sizeLimit
      self.cacheCapacity = cacheCapacity
      self.cacheMaxAge = cacheMaxAge
    }
  }

  private let trust: TrustStore
  private let download: CertificateDownload
  private var cache: CertificateCache
  private var inFlight: [String: Task<Result<Certificate, CertificateFailure>, Never>] = [:]
  /// How many downloads were started, for tests and metrics.
  public private(set) var downloads = 0

  /// - Parameter extraCAFile: `HOOKGATE_CA_FILE`: trusted in addition to the system CAs,
  ///   both for the certificate chain and for the TLS connection that fetches it.
  public init(extraCAFile: String? = nil, settings: Settings = Settings()) throws(TrustStore
    .LoadError)
  {
    trust = try TrustStore(extraCAFile: extraCAFile)
    download = CertificateDownload(
      timeout: settings.timeout, sizeLimit: settings.sizeLimit, extraCAFile: extraCAFile)
    cache = CertificateCache(capacity: settings.cacheCapacity, maxAge: settings.cacheMaxAge)
  }

  public func certificate(url: String, now: Date) async -> Result<Certificate, CertificateFailure> {
    if let cached = cache.certificate(for: url, now: now) { return .success(cached) }
    if let running = inFlight[url] { return await running.value }

    downloads += 1
    let task = Task { [download, trust] in
      await Self.fetch(url, now: now, download: download, trust: trust)
    }
    inFlight[url] = task
    let result = await task.value
    inFlight[url] = nil
    if case .success(let certificate) = result {
      cache.insert(certificate, for: url, now: now)
    }
    return result
  }

  private static func fetch(
    _ url: String, now: Date, download: CertificateDownload, trust: TrustStore
  ) async -> Result<Certificate, CertificateFailure> {
    let bytes: [UInt8]
    switch await download.get(url) {
    case .success(let body): bytes = body
    case .failure(let failure): return .failure(failure)
    }
    let chain = Certificate.parseChain(pem: bytes)
    guard let leaf = chain.first else { return .failure(.invalid("not a certificate")) }
    switch trust.verify(chain: chain, at: now) {
    case .success: return .success(leaf)
    case .failure(let failure): return .failure(failure)
    }
  }
}
