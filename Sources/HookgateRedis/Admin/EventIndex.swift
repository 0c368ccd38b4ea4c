import HookgateCore

/// Reads the events index the accept script writes: `hookgate:events` (newest last) and one
/// `hookgate:event:<id>` hash per event, plus the attempt log the delivery workers keep.
public struct EventIndex: Sendable {
  /// One accepted event as the index lists it.
  public struct Entry: Sendable, Equatable {
    /// The index stream's entry id: the page cursor, and the accept time in its first part.
    public var streamID: String
    public var id: String
    public var tenant: String
    public var source: String
    public var type: String
    /// The handlers the event was routed to; empty when no route matched.
    public var handlers: [String]
  }

  /// What is kept of one event until its dedup window ends.
  public struct Stored: Sendable {
    public var envelope: [UInt8]
    public var handlers: [String]
  }

  public let client: RedisClient
  public let keys: RedisKeys

  public init(client: RedisClient, keys: RedisKeys = RedisKeys()) {
    self.client = client
    self.keys = keys
  }

  /// Up to `count` entries, newest first, strictly older than the entry `before` (a stream
  /// id) or from the newest. Entries added meanwhile are newer, so a page never shifts.
  public func page(before cursor: String?, count: Int) async throws(RedisError) -> [Entry] {
    let reply = try await client.send([
      "XREVRANGE", keys.events, cursor.map { "(" + $0 } ?? "+", "-", "COUNT", String(count),
    ]).throwingOnError()
    return (reply.array ?? []).compactMap(Self.entry)
  }

  public func event(id: String) async throws(RedisError) -> Stored? {
    let reply = try await client.send(["HGETALL", keys.event(eventID: id)]).throwingOnError()
    let fields = Self.fields(reply)
    guard let envelope = fields["envelope"] else { return nil }
    return Stored(envelope: envelope, handlers: Self.handlers(fields["handlers"]))
  }

  /// Each event's attempt log (raw JSON objects, oldest first), in the order of `eventIDs`.
  public func attempts(eventIDs: [String]) async throws(RedisError) -> [[[UInt8]]] {
    guard !eventIDs.isEmpty else { return [] }
    let replies = try await client.pipeline(
      eventIDs.map { ["LRANGE", keys.attempts(eventID: $0), "0", "-1"] })
    return replies.map { reply in (reply.array ?? []).compactMap(\.bytes) }
  }

  /// [id, [field, value, …]] → Entry.
  static func entry(_ item: RedisValue) -> Entry? {
    guard let pair = item.array, pair.count == 2, let streamID = pair[0].string else { return nil }
    let fields = fields(pair[1])
    func text(_ name: String) -> String {
      fields[name].map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
    return Entry(
      streamID: streamID, id: text("id"), tenant: text("tenant"), source: text("source"),
      type: text("type"), handlers: handlers(fields["handlers"]))
  }

  static func fields(_ value: RedisValue) -> [String: [UInt8]] {
    guard let items = value.array else { return [:] }
    var fields: [String: [UInt8]] = [:]
    var index = 0
    while index + 1 < items.count {
      if let name = items[index].string, let value = items[index + 1].bytes { fields[name] = value }
      index += 2
    }
    return fields
  }

  static func handlers(_ bytes: [UInt8]?) -> [String] {
    guard let bytes else { return [] }
    return String(decoding: bytes, as: UTF8.self).split(separator: ",").map(String.init)
  }
}
