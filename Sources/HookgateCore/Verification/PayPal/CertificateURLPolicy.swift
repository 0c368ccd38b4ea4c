/// Which `PAYPAL-CERT-URL`s hookgate may fetch: `https` on an allowed host, nothing else.
///
/// The URL comes from the request, so anyone can put anything there; an allow-list checked
/// before any fetch keeps the gateway from being steered to an attacker's certificate (which
/// would verify the attacker's own signature) or to internal addresses. The parse is strict
/// on purpose: anything that two URL parsers might read differently (userinfo, backslashes,
/// percent-encoded or non-ASCII hosts, whitespace) is refused rather than interpreted.
public struct CertificateURLPolicy: Sendable, Equatable {
  /// PayPal's live and sandbox API hosts, where PayPal serves its signing certificates.
  public static let defaultHosts = [
    "api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com",
  ]

  /// `host` (port 443) or `host:port`, lower-cased.
  public let allowed: Set<String>

  /// - Parameter extraHosts: a source's `cert_hosts:`, each `host` or `host:port`.
  public init(extraHosts: [String] = []) {
    var allowed = Set<String>()
    for entry in Self.defaultHosts + extraHosts {
      if let key = Self.hostKey(authority: entry) { allowed.insert(key) }
    }
    self.allowed = allowed
  }

  /// Whether `url` may be fetched.
  public func allows(_ url: String) -> Bool {
    guard let key = Self.hostKey(url: url) else { return false }
    return allowed.contains(key)
  }

  /// Whether a `cert_hosts:` entry is well formed (for config load).
  public static func isValidHostEntry(_ entry: String) -> Bool {
    hostKey(authority: entry) != nil
  }

  /// The allow-list key of an `https` URL, or nil when the URL is refused outright.
  static func hostKey(url: String) -> String? {
    let scheme = "https://"
    guard url.utf8.count > scheme.utf8.count, url.utf8.allSatisfy(isURLByte),
      url.prefix(scheme.count).lowercased() == scheme
    else { return nil }
    let rest = url.dropFirst(scheme.count)
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return hostKey(authority: authority)
  }

  /// `host[:port]` → `host` for port 443, `host:port` otherwise; nil for userinfo, IPv6
  /// literals, bad ports and anything but letters, digits, `-` and `.` in the host.
  static func hostKey(authority: some StringProtocol) -> String? {
    let text = authority.lowercased()
    var host = Substring(text)
    var port = 443
    if let colon = text.lastIndex(of: ":") {
      let digits = text[text.index(after: colon)...]
      guard !digits.isEmpty, digits.count <= 5,
        digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
        let value = Int(digits), (1...65_535).contains(value)
      else { return nil }
      port = value
      host = text[..<colon]
    }
    guard !host.isEmpty, host.utf8.allSatisfy(isHostByte), host.first != ".",
      host.last != ".", host.first != "-", !host.contains("..")
    else { return nil }
    return port == 443 ? String(host) : "\(host):\(port)"
  }

  private static func isHostByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."): return true
    default: return false
    }
  }

  /// RFC 3986's unreserved and reserved characters and `%`: no spaces, controls, backslashes,
  /// quotes or non-ASCII, which URL parsers disagree about.
  private static func isURLByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    default: return Array("-._~:/?#[]@!$&'()*+,;=%".utf8).contains(byte)
    }
  }
}
