/// `redis://[[user]:password@]host[:port][/db]`, the form `REDIS_URL` takes.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var database: Int
  public var username: String?
  public var password: String?

  public init(
    host: String = "127.0.0.1", port: Int = 6379, database: Int = 0, username: String? = nil,
    password: String? = nil
  ) {
    self.host = host
    self.port = port
    self.database = database
    self.username = username
    self.password = password
  }

  public struct ParseError: Error, CustomStringConvertible {
    public let description: String
  }

  public init(parsing text: String) throws(ParseError) {
    guard text.hasPrefix("redis://") else {
      throw ParseError(description: "a Redis URL starts with redis://")
    }
    var rest = Substring(text.dropFirst("redis://".count))
    self.init()
    if let at = rest.lastIndex(of: "@") {
      let credentials = rest[..<at]
      rest = rest[rest.index(after: at)...]
      if let colon = credentials.firstIndex(of: ":") {
        let user = credentials[..<colon]
        username = user.isEmpty ? nil : String(user)
        password = String(credentials[credentials.index(after: colon)...])
      } else {
        password = String(credentials)
      }
    }
    if let slash = rest.firstIndex(of: "/") {
      let path = rest[rest.index(after: slash)...]
      if !path.isEmpty {
        guard let number = Int(path), number >= 0 else {
          throw ParseError(description: "the database must be a number")
        }
        database = number
      }
      rest = rest[..<slash]
    }
    if let colon = rest.lastIndex(of: ":") {
      guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
        throw ParseError(description: "the port must be a number from 1 to 65535")
      }
      port = number
      rest = rest[..<colon]
    }
    if !rest.isEmpty { host = String(rest) }
  }

  /// The URL without its password, for logs.
  public var description: String {
    "redis://\(password == nil ? "" : "\(username ?? ""):***@")\(host):\(port)/\(database)"
  }
}
