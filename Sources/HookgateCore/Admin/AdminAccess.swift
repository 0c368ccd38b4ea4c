/// Who may use the admin API: a bearer token (`HOOKGATE_ADMIN_TOKEN`) when one is set, and
/// without one only on a loopback address, where only this machine can connect.
public enum AdminAccess {
  public static func isLoopback(host: String) -> Bool {
    let host = host.lowercased()
    if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
    let octets = host.split(separator: ".", omittingEmptySubsequences: false)
    return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
  }

  /// Why the admin listener must not start, or nil.
  public static func startupRefusal(host: String, token: String?) -> String? {
    if let token, !token.isEmpty { return nil }
    if isLoopback(host: host) { return nil }
    return "the admin listener on \(host) is reachable from other machines: set "
      + "HOOKGATE_ADMIN_TOKEN, or listen on a loopback address (127.0.0.1:9090)"
  }

  /// Whether an `Authorization` header carries `token`. Both sides are hashed first, so the
  /// comparison takes the same time whatever the guess and its length.
  public static func authorizes(authorization: String?, token: String) -> Bool {
    guard let authorization else { return false }
    let scheme = "bearer "
    guard authorization.count > scheme.count,
      authorization.prefix(scheme.count).lowercased() == scheme
    else { return false }
    let presented = authorization.dropFirst(scheme.count).trimmingCharactersInSpaces()
    return Crypto.constantTimeEquals(
      Crypto.sha256(Array(presented.utf8)), Crypto.sha256(Array(token.utf8)))
  }
}

extension AdminAccess {
  /// Why a browser-borne request must be refused, or nil. A bearer token already stops
  /// another site's page (it cannot know it); these checks cover what remains:
  /// - without a token, the `Host` must be a loopback name, or a site whose name resolves to
  ///   127.0.0.1 (DNS rebinding) could read and drive the API from the operator's browser;
  /// - a state-changing request from a page of another origin (`Origin` differs from `Host`)
  ///   is refused, since a form POST needs no preflight.
  public static func browserRefusal(
    method: String, host: String?, origin: String?, tokenConfigured: Bool
  ) -> String? {
    if !tokenConfigured {
      guard let host, isLoopback(host: hostname(ofAuthority: host)) else {
        return "without HOOKGATE_ADMIN_TOKEN the admin API answers only to a loopback Host"
      }
    }
    if method != "GET" && method != "HEAD", let origin {
      let authority = origin.range(of: "://").map { String(origin[$0.upperBound...]) } ?? origin
      if authority.lowercased() != host?.lowercased() {
        return "a request from another origin (\(origin)) may not change anything"
      }
    }
    return nil
  }

  /// `127.0.0.1:9090` → `127.0.0.1`, `[::1]:9090` → `::1`, `localhost` → `localhost`.
  static func hostname(ofAuthority authority: String) -> String {
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
      return String(authority[authority.index(after: authority.startIndex)..<close])
    }
    if let colon = authority.lastIndex(of: ":") { return String(authority[..<colon]) }
    return authority
  }
}

extension Substring {
  fileprivate func trimmingCharactersInSpaces() -> Substring {
    var text = self
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return text
  }
}
