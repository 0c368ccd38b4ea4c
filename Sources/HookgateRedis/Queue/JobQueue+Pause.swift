import Foundation
import HookgateCore

/// Why and since when a handler is paused, as stored in `hookgate:paused:<handler>`.
public struct PauseState: Sendable, Equatable {
  public var reason: String
  /// RFC 3339, UTC.
  public var since: String

  public init(reason: String, since: String) {
    self.reason = reason
    self.since = since
  }
}

/// Pausing a handler: every instance's dispatcher sees the key within about a second and
/// stops reading its queue; the jobs stay in Redis until `resume`.
extension JobQueue {
  /// Pauses the handler. Pausing one already paused keeps the first reason and time, so
  /// ops see when the trouble started.
  public func pause(handler: String, reason: String) async throws {
    let since = Timestamp.rfc3339(
      epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    var json = JSONWriter(reservingCapacity: 64 + reason.utf8.count)
    json.value(.object([("reason", .string(reason)), ("since", .string(since))]))
    var command = RedisCommand(["SET", keys.paused(handler: handler)])
    command.append(bytes: json.bytes)
    command.append("NX")
    _ = try await client.send(command).throwingOnError()
  }

  /// Resumes the handler; true if it was paused.
  public func resume(handler: String) async throws -> Bool {
    try await client.send(["DEL", keys.paused(handler: handler)]).throwingOnError().integer == 1
  }

  /// The pause in force, or nil while the handler runs. A value that is not the JSON this
  /// type writes (set by hand) still pauses: its text is the reason.
  public func pauseState(handler: String) async throws -> PauseState? {
    let reply = try await client.send(["GET", keys.paused(handler: handler)]).throwingOnError()
    guard let bytes = reply.bytes else { return nil }
    let json = try? JSONParser.parse(bytes)
    return PauseState(
      reason: json?["reason"]?.stringValue ?? String(decoding: bytes, as: UTF8.self),
      since: json?["since"]?.stringValue ?? "")
  }
}
