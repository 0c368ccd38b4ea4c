import HookgateCore

/// `host:port` as given to `--listen` (`0.0.0.0:8080`, `127.0.0.1:9090`, `[::1]:8080`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  public struct ParseError: Error, CustomStringConvertible {
    public let description: String
  }

  public init(parsing text: String) throws(ParseError) {
    guard let (host, port) = HostPort.split(text) else {
      throw ParseError(description: "'\(text)' is not host:port")
    }
    self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
  }

  public var description: String { HostPort.format(host: host, port: port) }
}
