import Foundation
import HookgateCore
import HookgateRedis
import Hummingbird

/// `GET /admin/events`, `GET /admin/events/{id}`, `POST /admin/events/{id}/replay`.
extension AdminAPI {
  /// Index entries read per round trip while filtering.
  static let scanBatch = 200
  /// Index entries one filtered page may examine: a rare filter answers a short page with a
  /// cursor to continue rather than reading the whole index in one request.
  static let scanBudget = 5000

  func listEvents(_ request: Request) async throws -> Response {
    let limit = try AdminQuery.limit(request.query("limit"))
    var position = try request.query("cursor").flatMap { $0.isEmpty ? nil : $0 }.map {
      text throws(AdminInputError) in try events.position(parsing: text)
    }
    let status = try AdminQuery.status(request.query("status"))
    let tenant = request.query("tenant")
    let source = request.query("source")
    let type = request.query("type")

    var items: [JSONValue] = []
    var scanned = 0
    var exhausted = false
    let filtered = status != nil || tenant != nil || source != nil || type != nil
    scanning: while items.count < limit && scanned < Self.scanBudget {
      // Unfiltered, one more than the page tells whether another page follows.
      let batchSize = filtered ? Self.scanBatch : limit + 1
      let batch = try await events.page(after: position, count: batchSize)
      exhausted = batch.count < batchSize
      let candidates = batch.filter { entry in
        (tenant == nil || entry.tenant == tenant) && (source == nil || entry.source == source)
          && (type == nil || entry.type == type)
      }
      let logs = try await events.attempts(of: candidates.map { ($0.id, $0.partition) })
      var attemptsByID: [String: [[UInt8]]] = [:]
      for (entry, log) in zip(candidates, logs) { attemptsByID[entry.id] = log }
      for entry in batch {
        scanned += 1
        position = entry.position
        guard let log = attemptsByID[entry.id] else { continue }
        let deliveries = HandlerDeliveries.group(
          handlers: entry.handlers, attempts: log.compactMap(LoggedAttempt.init))
        let overall = EventStatus(deliveries.map(\.state))
        if let status, overall != status { continue }
        items.append(Self.summary(entry, deliveries: deliveries, status: overall))
        if items.count == limit {
          if entry == batch.last && exhausted { position = nil }
          break scanning
        }
      }
      if exhausted {
        position = nil
        break
      }
    }
    return AdminReply.list(items, nextCursor: position.map(events.text(of:)))
  }

  func event(id: String) async throws -> Response {
    guard let stored = try await events.event(id: id) else { throw Self.unknownEvent }
    let log = try await events.attempts(of: [(id, stored.partition)]).first ?? []
    let deliveries = HandlerDeliveries.group(
      handlers: stored.handlers, attempts: log.compactMap(LoggedAttempt.init))
    let envelope =
      (try? JSONParser.parse(stored.envelope))
      ?? .string(String(decoding: stored.envelope, as: UTF8.self))
    return AdminReply.json(
      200,
      .object([
        ("id", .string(id)),
        ("status", .string(EventStatus(deliveries.map(\.state)).rawValue)),
        ("handlers", .array(stored.handlers.map(JSONValue.string))),
        ("envelope", envelope),
        (
          "deliveries",
          .array(
            deliveries.map { delivery in
              .object([
                ("handler", .string(delivery.handler)),
                ("state", .string(delivery.state.rawValue)),
                ("attempts", .array(delivery.attempts.map(\.json))),
              ])
            })
        ),
      ]))
  }

  /// Enqueues the stored envelope again, as a fresh job (attempts reset) with the same event
  /// id and so the same `webhook-id`: for every handler it was routed to, or for one of them.
  func replayEvent(id: String, handler: String?) async throws -> Response {
    guard let stored = try await events.event(id: id) else { throw Self.unknownEvent }
    let targets: [String]
    if let handler {
      guard stored.handlers.contains(handler) else {
        throw AdminFailure(
          409, reason: "not_routed", message: "the event was not routed to handler \(handler)")
      }
      targets = [handler]
    } else {
      guard !stored.handlers.isEmpty else {
        throw AdminFailure(409, reason: "unrouted", message: "no handler was chosen for the event")
      }
      targets = stored.handlers
    }
    let configured = activeConfig().0.handlers
    for target in targets where configured[target] == nil {
      throw AdminFailure(
        409, reason: "unknown_handler", message: "handler \(target) is no longer configured")
    }
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    for target in targets {
      try await queues.queues[stored.partition].enqueue(
        DeliveryJob(
          eventID: id, handler: target, acceptedAtMilliseconds: now, envelope: stored.envelope))
    }
    return AdminReply.json(
      202, .object([("id", .string(id)), ("replayed", .array(targets.map(JSONValue.string)))]))
  }

  static let unknownEvent = AdminFailure(
    404, reason: "unknown_event", message: "no such event, or it is older than its dedup window")

  static func summary(
    _ entry: EventIndex.Entry, deliveries: [HandlerDeliveries], status: EventStatus
  )
    -> JSONValue
  {
    .object([
      ("id", .string(entry.id)),
      ("tenant", .string(entry.tenant)),
      ("source", .string(entry.source)),
      ("type", .string(entry.type)),
      ("accepted_at", AdminReply.time(streamID: entry.streamID)),
      ("status", .string(status.rawValue)),
      ("handlers", .array(entry.handlers.map(JSONValue.string))),
      (
        "deliveries",
        .array(
          deliveries.map { delivery in
            .object([
              ("handler", .string(delivery.handler)),
              ("state", .string(delivery.state.rawValue)),
              ("attempts", AdminReply.number(delivery.attempts.count)),
              ("last_error", delivery.attempts.last?.error.map(JSONValue.string) ?? .null),
            ])
          })
      ),
    ])
  }
}
