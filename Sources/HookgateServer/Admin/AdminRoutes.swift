import HTTPTypes
import HookgateCore
import HookgateRedis
import Hummingbird

/// Every path the admin listener serves under `/admin`, in one table: registered from it, and
/// checked against `openapi.yaml` by a test, so the document cannot miss a route.
public enum AdminRoutes {
  public struct Route: Sendable {
    public var method: HTTPRequest.Method
    /// OpenAPI form: `/admin/events/{id}`.
    public var path: String
    /// Static assets load without the token; the page asks for it and sends it with data calls.
    public var needsToken: Bool
    let handle: @Sendable (AdminAPI, Request, BasicRequestContext) async throws -> Response
  }

  public static let routes: [Route] = [
    Route(method: .get, path: "/admin", needsToken: false) { api, _, _ in
      api.assets.response("index.html")
    },
    Route(method: .get, path: "/admin/dashboard.js", needsToken: false) { api, _, _ in
      api.assets.response("dashboard.js")
    },
    Route(method: .get, path: "/admin/dashboard.css", needsToken: false) { api, _, _ in
      api.assets.response("dashboard.css")
    },
    Route(method: .get, path: "/admin/openapi.yaml", needsToken: false) { api, _, _ in
      api.assets.response("openapi.yaml")
    },
    Route(method: .get, path: "/admin/events", needsToken: true) { api, request, _ in
      try await api.listEvents(request)
    },
    Route(method: .get, path: "/admin/events/{id}", needsToken: true) { api, _, context in
      try await api.event(id: context.parameters.get("id") ?? "")
    },
    Route(method: .post, path: "/admin/events/{id}/replay", needsToken: true) {
      api, request, context in
      try await api.replayEvent(
        id: context.parameters.get("id") ?? "", handler: request.query("handler"))
    },
    Route(method: .get, path: "/admin/handlers", needsToken: true) { api, _, _ in
      try await api.listHandlers()
    },
    Route(method: .post, path: "/admin/handlers/{handler}/pause", needsToken: true) {
      api, request, context in
      try await api.pause(handler: context.parameters.get("handler"), request: request)
    },
    Route(method: .post, path: "/admin/handlers/{handler}/resume", needsToken: true) {
      api, _, context in
      try await api.resume(handler: context.parameters.get("handler"))
    },
    Route(method: .get, path: "/admin/dead-letters", needsToken: true) { api, request, _ in
      try await api.listDeadLetters(request)
    },
    Route(method: .post, path: "/admin/dead-letters/replay", needsToken: true) { api, request, _ in
      try await api.replayDeadLetters(request)
    },
    Route(method: .get, path: "/admin/config", needsToken: true) { api, _, _ in api.config() },
  ]

  static func add(to router: Router<BasicRequestContext>, api: AdminAPI) {
    for route in routes {
      router.on(RouterPath(hummingbirdPath(route.path)), method: route.method) { request, context in
        if route.needsToken {
          if let refusal = api.browserRefusal(request) {
            return AdminReply.failure(AdminFailure(403, reason: "forbidden", message: refusal))
          }
          guard api.authorized(request) else { return AdminReply.failure(.unauthorized) }
        }
        do {
          return try await route.handle(api, request, context)
        } catch let failure as AdminFailure {
          return AdminReply.failure(failure)
        } catch let error as AdminInputError {
          return AdminReply.failure(AdminFailure(error))
        } catch let error as RedisError {
          return AdminReply.failure(.store(error))
        } catch let error as HTTPError where error.status == .contentTooLarge {
          return AdminReply.failure(
            AdminFailure(413, reason: "body_too_large", message: "the body is too large"))
        }
      }
    }
    addFallback(to: router, api: api)
  }

  /// Any other path under `/admin`: 401 without the token (so the API's shape is not probed
  /// anonymously), else a JSON 404.
  static func addFallback(to router: Router<BasicRequestContext>, api: AdminAPI) {
    for method: HTTPRequest.Method in [.get, .post, .put, .patch, .delete] {
      router.on("/admin/**", method: method) { request, _ in
        if let refusal = api.browserRefusal(request) {
          return AdminReply.failure(AdminFailure(403, reason: "forbidden", message: refusal))
        }
        guard api.authorized(request) else { return AdminReply.failure(.unauthorized) }
        return AdminReply.failure(
          AdminFailure(404, reason: "not_found", message: "no such admin endpoint"))
      }
    }
  }

  /// `/admin/events/{id}` → `/admin/events/:id`.
  static func hummingbirdPath(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).map { part in
      part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : part
    }.joined(separator: "/")
  }
}
