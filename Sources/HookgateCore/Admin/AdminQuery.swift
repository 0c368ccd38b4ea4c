/// A request the admin API refuses, before it touches Redis: answered 400 `{error, reason}`.
public struct AdminInputError: Error, Equatable, CustomStringConvertible {
  public var reason: String
  public var message: String

  public init(reason: String, message: String) {
    self.reason = reason
    self.message = message
  }

  public var description: String { message }
}

/// The query parameters admin lists share.
public enum AdminQuery {
  public static let defaultLimit = 50
  public static let maxLimit = 200

  public static func limit(_ text: String?) throws(AdminInputError) -> Int {
    guard let text, !text.isEmpty else { return defaultLimit }
    guard let value = Int(text), (1...maxLimit).contains(value) else {
      throw AdminInputError(
        reason: "bad_limit", message: "limit must be a whole number from 1 to \(maxLimit)")
    }
    return value
  }

  /// A cursor is the stream id of the last item of the previous page.
  public static func cursor(_ text: String?) throws(AdminInputError) -> StreamID? {
    guard let text, !text.isEmpty else { return nil }
    guard let id = StreamID(text) else {
      throw AdminInputError(reason: "bad_cursor", message: "cursor is not one this API returned")
    }
    return id
  }

  public static func status(_ text: String?) throws(AdminInputError) -> EventStatus? {
    guard let text, !text.isEmpty else { return nil }
    guard let status = EventStatus(rawValue: text) else {
      let names = EventStatus.allCases.map(\.rawValue).joined(separator: ", ")
      throw AdminInputError(reason: "bad_status", message: "status must be one of \(names)")
    }
    return status
  }
}

/// A Redis stream entry id (`1763726400000-0`): milliseconds, then a sequence number.
public struct StreamID: Sendable, Comparable, Hashable, CustomStringConvertible {
  public var milliseconds: UInt64
  public var sequence: UInt64

  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let milliseconds = UInt64(parts[0]), let sequence = UInt64(parts[1])
    else { return nil }
    self.milliseconds = milliseconds
    self.sequence = sequence
  }

  public var description: String { "\(milliseconds)-\(sequence)" }

  public static func < (lhs: StreamID, rhs: StreamID) -> Bool {
    (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
  }
}

/// The position in several streams read newest first and merged (the dead letters of every
/// handler, an events index split into partitions): ordered by entry id (descending), then
/// by the stream's label, since two streams can hold the same id. Written `<id>~<label>`;
/// any label works, as long as a list labels its streams the same way on every page.
public struct MergedCursor: Sendable, Equatable, CustomStringConvertible {
  public var id: StreamID
  public var stream: String

  public init(id: StreamID, stream: String) {
    self.id = id
    self.stream = stream
  }

  public init(parsing text: String) throws(AdminInputError) {
    guard let tilde = text.firstIndex(of: "~"), let id = StreamID(text[..<tilde]) else {
      throw AdminInputError(reason: "bad_cursor", message: "cursor is not one this API returned")
    }
    self.init(id: id, stream: String(text[text.index(after: tilde)...]))
  }

  public var description: String { "\(id)~\(stream)" }

  /// Where to start reading `stream` (for `XREVRANGE start -`) so that only items after
  /// this cursor in the merged order come back.
  public func start(for stream: String) -> String {
    stream > self.stream ? id.description : "(\(id)"
  }

  /// Whether `a` comes before `b` in the merged order.
  public static func precedes(
    _ a: (id: StreamID, stream: String), _ b: (id: StreamID, stream: String)
  ) -> Bool {
    a.id != b.id ? a.id > b.id : a.stream < b.stream
  }
}

/// A stream entry id with the partition whose stream holds it: what the admin API shows
/// for a dead letter when there are several partitions (`1763726400000-0@3`), so a replay
/// by id finds it. With one partition it is the bare entry id.
public struct PartitionedStreamID: Sendable, Hashable, CustomStringConvertible {
  public var id: StreamID
  public var partition: Int

  public init(id: StreamID, partition: Int) {
    self.id = id
    self.partition = partition
  }

  /// A bare entry id is in partition 0.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let id = StreamID(parts[0]) else { return nil }
    let partition = parts.count == 2 ? Int(parts[1]) : 0
    guard let partition, partition >= 0, parts.count == 1 || parts[1].allSatisfy(\.isNumber)
    else { return nil }
    self.init(id: id, partition: partition)
  }

  /// Bare when the layout has one partition, so single-Redis ids look as they always did.
  public func text(in layout: PartitionLayout) -> String {
    layout.count == 1 ? id.description : "\(id)@\(partition)"
  }

  public var description: String { "\(id)@\(partition)" }
}
