import Foundation
import HookgateRedis

/// Flag, then environment variable, then default: the precedence every option follows.
func setting(_ flag: String?, env name: String, default fallback: String) -> String {
  if let flag { return flag }
  if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
  return fallback
}

/// Prints to standard error; standard output is kept for a command's result.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `--redis`, then `REDIS_URL`, then the local default: where every command finds Redis.
func redisURL(_ flag: String?) throws -> RedisURL {
  try RedisURL(parsing: setting(flag, env: "REDIS_URL", default: "redis://127.0.0.1:6379/0"))
}

/// A one-connection client for a command that sends a few requests and exits.
func commandClient(_ flag: String?) throws -> RedisClient {
  RedisClient(configuration: .init(url: try redisURL(flag), connections: 1))
}
