import Foundation
import HookgateCore

/// Verified signing certificates by URL: at most `capacity` entries, each kept for at most
/// `maxAge` and never past its certificate's `notAfter`, so a cached certificate is never
/// used after it expires nor long after PayPal rotated it.
struct CertificateCache {
  private struct Entry {
    var certificate: Certificate
    var expires: Date
  }

  let capacity: Int
  let maxAge: Duration
  private var entries: [String: Entry] = [:]

  init(capacity: Int, maxAge: Duration) {
    self.capacity = max(1, capacity)
    self.maxAge = maxAge
  }

  var count: Int { entries.count }

  mutating func certificate(for url: String, now: Date) -> Certificate? {
    guard let entry = entries[url] else { return nil }
    guard now < entry.expires else {
      entries[url] = nil
      return nil
    }
    return entry.certificate
  }

  mutating func insert(_ certificate: Certificate, for url: String, now: Date) {
    let expires = min(now.addingTimeInterval(maxAge.seconds), certificate.notAfter)
    guard now < expires else { return }
    entries = entries.filter { now < $0.value.expires }
    if entries[url] == nil, entries.count >= capacity,
      let soonest = entries.min(by: { $0.value.expires < $1.value.expires })
    {
      // The entry that would leave first anyway: fair to every URL, and no clock needed.
      entries[soonest.key] = nil
    }
    entries[url] = Entry(certificate: certificate, expires: expires)
  }
}
