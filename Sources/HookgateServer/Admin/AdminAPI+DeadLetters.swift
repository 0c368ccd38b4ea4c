import HookgateCore
import HookgateRedis
import Hummingbird

/// `GET /admin/dead-letters[?handler=]`, `POST /admin/dead-letters/replay`, `GET /admin/config`.
extension AdminAPI {
  /// Newest first, merged over partitions. With `handler`, that handler's dead letters;
  /// without, every configured handler's. The cursor names the last item's stream
  /// (`<id>~<stream>`), except for one handler in one partition, where it is the entry id.
  func listDeadLetters(_ request: Request) async throws -> Response {
    let limit = try AdminQuery.limit(request.query("limit"))
    let cursorText = request.query("cursor").flatMap { $0.isEmpty ? nil : $0 }
    let named = request.query("handler")
    let handlers: [String]
    if let named {
      handlers = [try configuredHandler(named).get().name]
    } else {
      handlers = activeConfig().0.handlers.keys.sorted()
    }
    let layout = queues.layout
    let bareCursor = named != nil && layout.count == 1
    let cursor = try cursorText.map { text throws(AdminInputError) in
      if bareCursor, let id = StreamID(text) { return MergedCursor(id: id, stream: handlers[0]) }
      return try MergedCursor(parsing: text)
    }
    // A label per stream that orders them the same way on every page.
    func label(_ handler: String, _ partition: Int) -> String {
      layout.count == 1 ? handler : "\(handler)@\(partition)"
    }
    var merged:
      [(id: StreamID, stream: String, handler: String, partition: Int, entry: JobQueue.Entry)] =
        []
    for name in handlers {
      for (partition, queue) in queues.queues.enumerated() {
        let stream = label(name, partition)
        let entries = try await queue.deadLettersNewestFirst(
          handler: name, start: cursor?.start(for: stream) ?? "+", count: limit + 1)
        for entry in entries {
          guard let id = StreamID(entry.id) else { continue }
          merged.append((id, stream, name, partition, entry))
        }
      }
    }
    merged.sort { MergedCursor.precedes(($0.id, $0.stream), ($1.id, $1.stream)) }
    let page = merged.prefix(limit)
    let next = merged.count > limit ? page.last : nil
    return AdminReply.list(
      page.map { item in
        Self.deadLetter(
          item.entry, handler: item.handler,
          id: PartitionedStreamID(id: item.id, partition: item.partition).text(in: layout))
      },
      nextCursor: next.map { item in
        bareCursor
          ? item.id.description : MergedCursor(id: item.id, stream: item.stream).description
      })
  }

  /// Body `{"handler": "…", "ids": ["<dead-letter id>", …]}` or `{"handler": "…", "all": true}`.
  /// The jobs go back to the queue with their attempts reset and the same `webhook-id`.
  func replayDeadLetters(_ request: Request) async throws -> Response {
    let body = try await request.jsonBody()
    let handler = try configuredHandler(body["handler"]?.stringValue).get()
    let all = body["all"] == .bool(true)
    var ids: [PartitionedStreamID]? = nil
    if case .array(let values)? = body["ids"] {
      let parsed = values.compactMap { $0.stringValue.flatMap(PartitionedStreamID.init) }
      guard parsed.count == values.count,
        parsed.allSatisfy({ queues.layout.partitions.contains($0.partition) })
      else {
        throw AdminFailure(400, reason: "bad_ids", message: "ids must be dead-letter ids as listed")
      }
      ids = parsed
    }
    guard all != (ids != nil) else {
      throw AdminFailure(
        400, reason: "bad_request", message: "give exactly one of ids or all: true")
    }
    var moved = 0
    if let ids {
      for (partition, queue) in queues.queues.enumerated() {
        let chosen = ids.filter { $0.partition == partition }.map(\.id.description)
        let entries = try await queue.deadLetters(handler: handler.name, ids: chosen)
        moved += try await queue.replay(handler: handler.name, deadLetters: entries)
      }
    } else {
      moved = try await queues.replayDeadLetters(handler: handler.name)
    }
    return AdminReply.json(
      200, .object([("handler", .string(handler.name)), ("replayed", AdminReply.number(moved))]))
  }

  func config() -> Response {
    let (config, loadedAt) = activeConfig()
    return AdminReply.json(200, ConfigView.json(config, loadedAt: loadedAt))
  }

  /// - Parameter id: the entry id as the API names it (with its partition when there are
  ///   several).
  static func deadLetter(_ entry: JobQueue.Entry, handler: String, id: String) -> JSONValue {
    let job = try? DeliveryJob(decoding: entry.blob)
    return .object([
      ("id", .string(id)),
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
