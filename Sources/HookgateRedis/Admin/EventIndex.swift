import HookgateCore

/// Reads the events index the accept script writes: per partition, `hookgate:events` (newest
/// last) and one `hookgate:event:<id>` hash per event, plus the attempt log the delivery
/// workers keep. Lists merge the partitions, newest first.
public struct EventIndex: Sendable {
  /// One accepted event as the index lists it.
  public struct Entry: Sendable, Equatable {
    /// The index stream's entry id: the accept time in its first part.
    public var streamID: String
    public var id: String
    public var tenant: String
    public var source: String
    public var type: String
    /// The handlers the event was routed to; empty when no route matched.
    public var handlers: [String]
    /// The partition whose index lists it, which holds its attempt log.
    public var partition: Int = 0

    /// The position just after this entry in the merged list.
    public var position: MergedCursor? {
      StreamID(streamID).map { MergedCursor(id: $0, stream: String(partition)) }
    }
  }

  /// What is kept of one event until its dedup window ends.
  public struct Stored: Sendable {
    public var envelope: [UInt8]
    public var handlers: [String]
    public var partition: Int
  }

  public let client: RedisClient
  public let layout: PartitionLayout
  /// By partition number.
  private let partitionKeys: [RedisKeys]

  public init(client: RedisClient, layout: PartitionLayout = .single, prefix: String = "hookgate") {
    self.client = client
    self.layout = layout
    self.partitionKeys = RedisKeys.partitions(of: layout, prefix: prefix)
  }

  /// A position as the admin API writes it: with one partition, the bare stream id.
  public func text(of position: MergedCursor) -> String {
    layout.count == 1 ? position.id.description : position.description
  }

  /// Reads back what ``text(of:)`` wrote.
  public func position(parsing text: String) throws(AdminInputError) -> MergedCursor {
    if layout.count == 1, let id = StreamID(text) { return MergedCursor(id: id, stream: "0") }
    let position = try MergedCursor(parsing: text)
    guard let partition = Int(position.stream), layout.partitions.contains(partition) else {
      throw AdminInputError(reason: "bad_cursor", message: "cursor is not one this API returned")
    }
    return position
  }

  /// Up to `count` entries, newest first, strictly after `position` in that order or from
  /// the newest. Entries added meanwhile are newer, so a page never shifts.
  public func page(after position: MergedCursor?, count: Int) async throws(RedisError) -> [Entry] {
    var merged: [Entry] = []
    for (partition, keys) in partitionKeys.enumerated() {
      let start = position?.start(for: String(partition)) ?? "+"
      let reply = try await client.send([
        "XREVRANGE", keys.events, start, "-", "COUNT", String(count),
      ]).throwingOnError()
      for item in reply.array ?? [] {
        guard var entry = Self.entry(item) else { continue }
        entry.partition = partition
        merged.append(entry)
      }
    }
    guard layout.count > 1 else { return merged }
    let ordered = merged.compactMap { entry in entry.position.map { ($0, entry) } }
      .sorted { MergedCursor.precedes(($0.0.id, $0.0.stream), ($1.0.id, $1.0.stream)) }
    return ordered.prefix(count).map(\.1)
  }

  /// The event, from whichever partition holds it (its id does not say which).
  public func event(id: String) async throws(RedisError) -> Stored? {
    for (partition, keys) in partitionKeys.enumerated() {
      let reply = try await client.send(["HGETALL", keys.event(eventID: id)]).throwingOnError()
      let fields = Self.fields(reply)
      guard let envelope = fields["envelope"] else { continue }
      return Stored(
        envelope: envelope, handlers: Self.handlers(fields["handlers"]), partition: partition)
    }
    return nil
  }

  /// Each event's attempt log (raw JSON objects, oldest first), in the order given.
  public func attempts(of events: [(id: String, partition: Int)]) async throws(RedisError)
    -> [[[UInt8]]]
  {
    var logs = [[[UInt8]]](repeating: [], count: events.count)
    // One pipeline per partition: a pipeline stays in one slot.
    for (partition, keys) in partitionKeys.enumerated() {
      let indices = events.indices.filter { events[$0].partition == partition }
      guard !indices.isEmpty else { continue }
      let replies = try await client.pipeline(
        indices.map { ["LRANGE", keys.attempts(eventID: events[$0].id), "0", "-1"] })
      for (index, reply) in zip(indices, replies) {
        logs[index] = (reply.array ?? []).compactMap(\.bytes)
      }
    }
    return logs
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
