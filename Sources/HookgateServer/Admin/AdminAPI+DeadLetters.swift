import HookgateCore
import HookgateRedis
import Hummingbird

/// `GET /admin/dead-letters[?handler=]`, `POST /admin/dead-letters/replay`, `GET /admin/config`.
extension AdminAPI {
  /// Newest first. With `handler`, that handler's dead letters and a cursor that is an entry
  /// id; without, every configured handler's, merged (cursor `<id>~<handler>`).
  func listDeadLetters(_ request: Request) async throws -> Response {
    let limit = try AdminQuery.limit(request.query("limit"))
    let cursorText = request.query("cursor")
    if let name = request.query("handler") {
      let handler = try configuredHandler(name).get()
      let cursor = try AdminQuery.cursor(cursorText)
      let entries = try await queue.deadLettersNewestFirst(
        handler: handler.name, start: cursor.map { "(" + $0.description } ?? "+", count: limit + 1)
      let page = entries.prefix(limit)
      return AdminReply.list(
        page.map { Self.deadLetter($0, handler: handler.name) },
        nextCursor: entries.count > limit ? page.last?.id : nil)
    }
    let cursor = try cursorText.map { text throws(AdminInputError) in
      try DeadLetterCursor(parsing: text)
    }
    var merged: [(id: StreamID, handler: String, entry: JobQueue.Entry)] = []
    for name in activeConfig().0.handlers.keys.sorted() {
      let entries = try await queue.deadLettersNewestFirst(
        handler: name, start: cursor?.start(for: name) ?? "+", count: limit + 1)
      for entry in entries {
        guard let id = StreamID(entry.id) else { continue }
        merged.append((id, name, entry))
      }
    }
    merged.sort { DeadLetterCursor.precedes(($0.id, $0.handler), ($1.id, $1.handler)) }
    let page = merged.prefix(limit)
    let next =
      merged.count > limit
      ? page.last.map { DeadLetterCursor(id: $0.id, handler: $0.handler).description } : nil
    return AdminReply.list(
      page.map { Self.deadLetter($0.entry, handler: $0.handler) }, nextCursor: next)
  }

  /// Body `{"handler": "…", "ids": ["<dead-letter id>", …]}` or `{"handler": "…", "all": true}`.
  /// The jobs go back to the queue with their attempts reset and the same `webhook-id`.
  func replayDeadLetters(_ request: Request) async throws -> Response {
    let body = try await request.jsonBody()
    let handler = try configuredHandler(body["handler"]?.stringValue).get()
    let all = body["all"] == .bool(true)
    var ids: [String]? = nil
    if case .array(let values)? = body["ids"] {
      ids = values.compactMap(\.stringValue)
      guard ids?.count == values.count, ids?.allSatisfy({ StreamID($0) != nil }) == true else {
        throw AdminFailure(400, reason: "bad_ids", message: "ids must be dead-letter ids as listed")
      }
    }
    guard all != (ids != nil) else {
      throw AdminFailure(
        400, reason: "bad_request", message: "give exactly one of ids or all: true")
    }
    var moved = 0
    if let ids {
      let entries = try await queue.deadLetters(handler: handler.name, ids: ids)
      moved = try await queue.revive(handler: handler.name, entries: entries.compactMap(Self.fresh))
    } else {
      var start = "-"
      while true {
        let page = try await queue.deadLetters(handler: handler.name, start: start, count: 200)
        moved += try await queue.revive(handler: handler.name, entries: page.compactMap(Self.fresh))
        guard page.count == 200, let last = page.last else { break }
        start = "(" + last.id
      }
    }
    return AdminReply.json(
      200, .object([("handler", .string(handler.name)), ("replayed", AdminReply.number(moved))]))
  }

  func config() -> Response {
    let (config, loadedAt) = activeConfig()
    return AdminReply.json(200, ConfigView.json(config, loadedAt: loadedAt))
  }

  /// A dead letter as a fresh job: attempts and error cleared, envelope untouched.
  static func fresh(_ entry: JobQueue.Entry) -> (id: String, job: DeliveryJob)? {
    guard var job = try? DeliveryJob(decoding: entry.blob) else { return nil }
    job.attempts = 0
    job.lastError = nil
    return (entry.id, job)
  }

  static func deadLetter(_ entry: JobQueue.Entry, handler: String) -> JSONValue {
    let job = try? DeliveryJob(decoding: entry.blob)
    return .object([
      ("id", .string(entry.id)),
      ("handler", .string(handler)),
      ("event_id", job.map { .string($0.eventID) } ?? .null),
      ("attempts", job.map { AdminReply.number($0.attempts) } ?? .null),
      ("last_error", job?.lastError.map(JSONValue.string) ?? .null),
      (
        "accepted_at",
        job.map { .string(Timestamp.rfc3339(epochMilliseconds: $0.acceptedAtMilliseconds)) }
          ?? .null
      ),
      ("dead_at", AdminReply.time(streamID: entry.id)),
    ])
  }
}
