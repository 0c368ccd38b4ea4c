import HookgateCore

/// A Lua script and its SHA-1, computed once so calls can use `EVALSHA`.
public struct RedisScript: Sendable {
  public let source: String
  public let sha1: String

  public init(_ source: String) {
    self.source = source
    self.sha1 = Crypto.sha1Hex(Array(source.utf8))
  }
}

extension RedisScript {
  /// Runs the script by its SHA, then `commands`, through `send` (one round trip); on the
  /// first `NOSCRIPT` (after a Redis restart or `SCRIPT FLUSH` the cache is empty) it sends
  /// the source instead.
  ///
  /// - Returns: the script's reply, then each command's.
  func run(
    keys: [String], arguments: [[UInt8]], followedBy commands: [RedisCommand],
    through send: ([RedisCommand]) async throws(RedisError) -> [RedisValue]
  ) async throws(RedisError) -> [RedisValue] {
    func call(_ verb: String, _ scriptArgument: String) -> RedisCommand {
      var command = RedisCommand([verb, scriptArgument, String(keys.count)] + keys)
      for argument in arguments { command.append(bytes: argument) }
      return command
    }
    let replies = try await send([call("EVALSHA", sha1)] + commands)
    if case .error(let message) = replies[0], message.hasPrefix("NOSCRIPT") {
      return try await send([call("EVAL", source)] + commands)
    }
    return replies
  }
}
