/// One Redis node's `host:port`, as seed lists, `CLUSTER SLOTS` and redirects name it.
public struct RedisNodeAddress: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses `host:port`; the port is required. An IPv6 host is written in brackets
  /// (`[::1]:7000`), as Redis prints it in redirects it is not (`::1:7000`): both work,
  /// since the port is always after the last colon.
  public init?(parsing text: some StringProtocol) {
    guard let colon = text.lastIndex(of: ":"),
      let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
    else { return nil }
    var host = text[..<colon]
    if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
    guard !host.isEmpty else { return nil }
    self.init(host: String(host), port: port)
  }

  public var description: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }
}
