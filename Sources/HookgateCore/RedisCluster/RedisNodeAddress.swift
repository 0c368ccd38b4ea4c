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
    guard let (host, port) = HostPort.split(text), !host.isEmpty, port > 0 else { return nil }
    self.init(host: host, port: port)
  }

  public var description: String { HostPort.format(host: host, port: port) }
}
