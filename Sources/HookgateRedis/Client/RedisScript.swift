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
