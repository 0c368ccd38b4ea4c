/// One HTTP request to a handler (a POST, unless a test asks otherwise).
public struct OutboundRequest: Sendable {
  public var method: String
  public var url: String
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]
  /// The whole exchange, connect included.
  public var timeout: Duration
  public var connectTimeout: Duration

  public init(
    method: String = "POST", url: String, headers: [(name: String, value: String)] = [],
    body: [UInt8] = [],
    timeout: Duration, connectTimeout: Duration? = nil
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
    self.connectTimeout = min(connectTimeout ?? .seconds(5), timeout)
  }
}

/// What a handler answered.
public struct OutboundResponse: Sendable {
  public var status: Int
  /// The raw `Retry-After` value, seconds or an HTTP date, when the handler sent one.
  public var retryAfter: String?
  /// The first bytes of the body (at most ``CurlHTTPClient/responsePrefixLimit``), for the
  /// attempt log and ops; the rest is read and discarded so the connection can be reused.
  public var bodyPrefix: [UInt8]
  public var latency: Duration
}

/// Why no response arrived.
public struct OutboundFailure: Error, Sendable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case timeout
    case connectionRefused = "connection_refused"
    case dns
    case other
  }

  public var kind: Kind
  public var message: String
  public var latency: Duration

  public var description: String { "\(kind.rawValue): \(message)" }
}
