/// A reply from Redis, copied out of hiredis's memory so it can outlive the reply object.
public enum RedisValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case bulk([UInt8])
  case status(String)
  /// An error reply (`-ERR …`, `-NOSCRIPT …`): the command failed, the connection is fine.
  case error(String)
  case array([RedisValue])

  public var string: String? {
    switch self {
    case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
    case .status(let text): return text
    case .integer(let value): return String(value)
    default: return nil
    }
  }

  public var bytes: [UInt8]? {
    if case .bulk(let bytes) = self { return bytes }
    return nil
  }

  public var integer: Int64? {
    switch self {
    case .integer(let value): return value
    case .bulk, .status: return string.flatMap { Int64($0) }
    default: return nil
    }
  }

  public var array: [RedisValue]? {
    if case .array(let items) = self { return items }
    return nil
  }
}

/// One command's arguments, binary-safe.
public struct RedisCommand: Sendable, ExpressibleByArrayLiteral {
  public var arguments: [[UInt8]]

  public init(_ arguments: [String]) {
    self.arguments = arguments.map { Array($0.utf8) }
  }

  public init(arrayLiteral elements: String...) {
    self.init(elements)
  }

  public mutating func append(_ argument: String) {
    arguments.append(Array(argument.utf8))
  }

  public mutating func append(bytes argument: [UInt8]) {
    arguments.append(argument)
  }

  public var name: String {
    arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
  }
}

public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Could not connect, or the connection broke or timed out mid-command. Redis may or may
  /// not have executed the command.
  case connection(String)
  /// Redis answered with an error reply.
  case server(String)
  /// The reply had a shape the caller did not expect.
  case unexpectedReply(String)
  /// The client was shut down.
  case shutdown
  /// Cluster mode: the keys of one command, pipeline or script hash to different slots.
  /// Refused before sending: the key layout needs a common `{hash tag}`.
  case crossSlot(String)

  public var description: String {
    switch self {
    case .connection(let detail): return "redis connection: \(detail)"
    case .server(let detail): return "redis error: \(detail)"
    case .unexpectedReply(let detail): return "unexpected redis reply: \(detail)"
    case .shutdown: return "redis client shut down"
    case .crossSlot(let detail): return "redis cluster: \(detail)"
    }
  }
}
