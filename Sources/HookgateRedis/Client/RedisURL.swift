import HookgateCore

/// `redis://[[user]:password@]host[:port][/db]`, the form `REDIS_URL` takes, or for Redis
/// Cluster `redis+cluster://[[user]:password@]host1[:port1][,host2[:port2]…][/0]`, whose hosts
/// are seed nodes: any reachable one tells the client the rest of the cluster.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var database: Int
  public var username: String?
  public var password: String?
  /// Whether the client routes commands by hash slot across a Redis Cluster.
  public var cluster: Bool
  /// Cluster mode: seed nodes after the first (`host`, `port`).
  public var moreSeeds: [RedisNodeAddress]

  public init(
    host: String = "127.0.0.1", port: Int = 6379, database: Int = 0, username: String? = nil,
    password: String? = nil, cluster: Bool = false, moreSeeds: [RedisNodeAddress] = []
  ) {
    self.host = host
    self.port = port
    self.database = database
    self.username = username
    self.password = password
    self.cluster = cluster
    self.moreSeeds = moreSeeds
  }

  public struct ParseError: Error, CustomStringConvertible {
    public let description: String
  }

  public init(parsing text: String) throws(ParseError) {
    let cluster: Bool
    if text.hasPrefix("redis://") {
      cluster = false
    } else if text.hasPrefix("redis+cluster://") {
      cluster = true
    } else {
      throw ParseError(
        description: "a Redis URL starts with redis:// (or redis+cluster:// for Redis Cluster)")
    }
    var rest = Substring(text.drop(while: { $0 != "/" }).dropFirst(2))
    self.init(cluster: cluster)
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
        guard !cluster || number == 0 else {
          throw ParseError(description: "Redis Cluster has only database 0")
        }
        database = number
      }
      rest = rest[..<slash]
    }
    let hosts = rest.split(separator: ",", omittingEmptySubsequences: false)
    guard cluster || hosts.count == 1 else {
      throw ParseError(description: "several hosts need redis+cluster://")
    }
    let seeds = try hosts.map { hostAndPort throws(ParseError) in try Self.node(hostAndPort) }
    host = seeds[0].host
    port = seeds[0].port
    moreSeeds = Array(seeds.dropFirst())
  }

  /// Cluster mode: every seed node, the first one first.
  public var seeds: [RedisNodeAddress] {
    [RedisNodeAddress(host: host, port: port)] + moreSeeds
  }

  /// The same credentials, for one node of the cluster.
  func node(_ address: RedisNodeAddress) -> RedisURL {
    RedisURL(
      host: address.host, port: address.port, database: database, username: username,
      password: password)
  }

  private static func node(_ text: Substring) throws(ParseError) -> RedisNodeAddress {
    var host = text
    var port = 6379
    if let colon = text.lastIndex(of: ":") {
      guard let number = Int(text[text.index(after: colon)...]), (1...65535).contains(number)
      else {
        throw ParseError(description: "the port must be a number from 1 to 65535")
      }
      port = number
      host = text[..<colon]
    }
    return RedisNodeAddress(host: host.isEmpty ? "127.0.0.1" : String(host), port: port)
  }

  /// The URL without its password, for logs.
  public var description: String {
    let credentials = password == nil ? "" : "\(username ?? ""):***@"
    guard cluster else { return "redis://\(credentials)\(host):\(port)/\(database)" }
    let nodes = seeds.map { "\($0.host):\($0.port)" }.joined(separator: ",")
    return "redis+cluster://\(credentials)\(nodes)/0"
  }
}
