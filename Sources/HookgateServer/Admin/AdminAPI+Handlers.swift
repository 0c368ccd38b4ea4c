import HookgateCore
import HookgateRedis
import Hummingbird

/// `GET /admin/handlers`, `POST /admin/handlers/{handler}/pause|resume`.
extension AdminAPI {
  func listHandlers() async throws -> Response {
    let config = activeConfig().0
    var items: [JSONValue] = []
    for name in config.handlers.keys.sorted() {
      items.append(try await handlerState(config.handlers[name]!))
    }
    return AdminReply.list(items, nextCursor: nil)
  }

  func handlerState(_ handler: Handler) async throws -> JSONValue {
    let name = handler.name
    let backlog = try await queues.backlog(handler: name)
    let group = try await queues.groupStats(handler: name)
    let breaker = try await queues.shared.breakerFields(handler: name)
    let paused = try await queues.shared.pauseState(handler: name)
    let lastError = try await queues.lastError(handler: name)
    let health = HandlerHealth(
      paused: paused != nil, breakerState: breaker["state"], retrying: backlog.retrying)
    return .object([
      ("name", .string(name)),
      ("health", .string(health.rawValue)),
      (
        "backlog",
        .object([
          // The stream holds jobs in flight too, until they are acknowledged.
          ("queued", AdminReply.number(max(0, backlog.queued - group.inFlight))),
          ("retrying", AdminReply.number(backlog.retrying)),
          ("dead", AdminReply.number(backlog.dead)),
        ])
      ),
      ("in_flight", AdminReply.number(group.inFlight)),
      ("read_total", AdminReply.number(group.read)),
      ("rate_limit", handler.rateLimit.map { .string(ConfigView.rate($0)) } ?? .null),
      (
        "breaker",
        .object([
          ("state", .string(breaker["state"] ?? "closed")),
          ("since", breaker["since"].map(JSONValue.string) ?? .null),
          (
            "failures",
            breaker["failures"].flatMap { Int($0) }.map(AdminReply.number) ?? .number("0")
          ),
        ])
      ),
      (
        "paused",
        paused.map { .object([("reason", .string($0.reason)), ("since", .string($0.since))]) }
          ?? .null
      ),
      ("last_error", lastError.map(JSONValue.string) ?? .null),
    ])
  }

  func pause(handler name: String?, request: Request) async throws -> Response {
    let handler = try configuredHandler(name).get()
    let body = try await request.jsonBody()
    let reason = body["reason"]?.stringValue ?? "paused through the admin API"
    try await queues.shared.pause(handler: handler.name, reason: reason)
    return AdminReply.json(200, try await handlerState(handler))
  }

  func resume(handler name: String?) async throws -> Response {
    let handler = try configuredHandler(name).get()
    let wasPaused = try await queues.shared.resume(handler: handler.name)
    var state = try await handlerState(handler)
    if case .object(var members) = state {
      members.append(("was_paused", .bool(wasPaused)))
      state = .object(members)
    }
    return AdminReply.json(200, state)
  }
}
