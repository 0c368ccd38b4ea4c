import Foundation
import HookgateCore

/// Why and since when a handler's deliveries are held.
public struct PauseState: Sendable, Equatable {
  public var reason: String
  /// RFC 3339, UTC.
  public var since: String

  public init(reason: String, since: String) {
    self.reason = reason
    self.since = since
  }
}

/// Pausing a handler: `hookgate:paused:<handler>` is present while it is paused, so every
/// gateway instance sees the same state and it survives restarts.
extension JobQueue {
  /// Holds the handler's deliveries; pausing a paused handler replaces reason and time.
  public func pause(handler: String, reason: String) async throws {
    let since = Timestamp.rfc3339(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    let value = JSONWriter.encode(
      .object([("reason", .string(reason)), ("since", .string(since))]))
    var command: RedisCommand = ["SET", keys.paused(handler: handler)]
    command.append(bytes: value)
    _ = try await client.send(command).throwingOnError()
  }

  /// Releases the handler; true if it was paused.
  public func resume(handler: String) async throws -> Bool {
    let reply = try await client.send(["DEL", keys.paused(handler: handler)]).throwingOnError()
    return reply.integer == 1
  }

  /// nil when the handler is not paused.
  public func pauseState(handler: String) async throws -> PauseState? {
    let reply = try await client.send(["GET", keys.paused(handler: handler)]).throwingOnError()
    guard let bytes = reply.bytes else { return nil }
    let json = try? JSONParser.parse(bytes)
    return PauseState(
      reason: json?["reason"]?.stringValue ?? "", since: json?["since"]?.stringValue ?? "")
  }
}
