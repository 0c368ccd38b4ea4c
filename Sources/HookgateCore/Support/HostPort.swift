/// `host:port` as addresses are written on command lines, in seed lists and in Redis
/// redirects: the port follows the last colon, and an IPv6 host may be in brackets.
public enum HostPort {
  /// The host (brackets removed; possibly empty) and the port (0…65535), or nil.
  public static func split(_ text: some StringProtocol) -> (host: String, port: Int)? {
    let text = Substring(text)
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
      (0...65535).contains(port)
    else { return nil }
    var host = text[..<colon]
    if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
    return (String(host), port)
  }

  /// `host:port`, with an IPv6 host in brackets.
  public static func format(host: String, port: Int) -> String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }
}
