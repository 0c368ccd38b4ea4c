import Foundation
import HookgateCore
import HookgateRedis
import Hummingbird

/// The admin API's state: who may call it, where it reads, and the configuration in force.
/// Each endpoint is in an extension named after what it serves (`AdminAPI+Events.swift`, …);
/// ``AdminRoutes`` lists them all.
public struct AdminAPI: Sendable {
  /// The active configuration and when it was loaded: a closure, since a reload replaces it.
  public typealias ConfigProvider = @Sendable () -> (GatewayConfig, loadedAt: Date)

  /// `HOOKGATE_ADMIN_TOKEN`; nil leaves the API open, which startup allows on loopback only.
  let token: String?
  let events: EventIndex
  let queues: QueuePartitions
  let activeConfig: ConfigProvider
  let assets: AdminAssets

  public init(
    token: String?, client: RedisClient, layout: PartitionLayout = .single, assets: AdminAssets,
    activeConfig: @escaping ConfigProvider
  ) {
    self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    self.events = EventIndex(client: client, layout: layout)
    self.queues = QueuePartitions(client: client, layout: layout)
    self.activeConfig = activeConfig
    self.assets = assets
  }

  func authorized(_ request: Request) -> Bool {
    guard let token else { return true }
    return AdminAccess.authorizes(authorization: request.headers[.authorization], token: token)
  }

  func browserRefusal(_ request: Request) -> String? {
    AdminAccess.browserRefusal(
      method: request.method.rawValue, host: request.head.authority,
      origin: request.headers[.origin], tokenConfigured: token != nil)
  }

  /// The configured handler of that name, or the 404 to answer.
  func configuredHandler(_ name: String?) -> Result<Handler, AdminFailure> {
    guard let name, let handler = activeConfig().0.handlers[name] else {
      return .failure(.init(404, reason: "unknown_handler", message: "no such handler"))
    }
    return .success(handler)
  }
}

/// An answer other than success, thrown by an endpoint and turned into `{error, reason}`.
struct AdminFailure: Error {
  var status: Int
  var reason: String
  var message: String

  init(_ status: Int, reason: String, message: String) {
    self.status = status
    self.reason = reason
    self.message = message
  }

  init(_ input: AdminInputError) {
    self.init(400, reason: input.reason, message: input.message)
  }

  static let unauthorized = AdminFailure(
    401, reason: "unauthorized", message: "a valid bearer token is required")

  static func store(_ error: RedisError) -> AdminFailure {
    AdminFailure(503, reason: "store_unavailable", message: "redis: \(error)")
  }
}

/// Shapes admin answers.
enum AdminReply {
  static func json(_ status: Int, _ value: JSONValue) -> Response {
    JSONResponse.make(.json(status, value))
  }

  static func failure(_ failure: AdminFailure) -> Response {
    var response = JSONResponse.make(
      .error(failure.status, reason: failure.reason, message: failure.message))
    if failure.status == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
    return response
  }

  /// `{"items": […], "next_cursor": "…" | null}`, the shape of every admin list.
  static func list(_ items: [JSONValue], nextCursor: String?) -> Response {
    json(
      200,
      .object([
        ("items", .array(items)), ("next_cursor", nextCursor.map(JSONValue.string) ?? .null),
      ]))
  }

  static func time(streamID: String) -> JSONValue {
    guard let id = StreamID(streamID) else { return .null }
    return .string(Timestamp.rfc3339(epochMilliseconds: Int64(id.milliseconds)))
  }

  static func number(_ value: Int) -> JSONValue { .number(String(value)) }
}

extension Request {
  /// A query parameter, percent-decoded; nil when absent or empty.
  func query(_ name: String) -> String? {
    guard let value = uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
    return String(value)
  }

  /// The body as JSON (an empty body is an empty object), or the 400 to answer.
  func jsonBody(limit: Int = 1 << 20) async throws -> JSONValue {
    let buffer = try await body.collect(upTo: limit)
    let bytes = Array(buffer: buffer)
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      return .object([])
    }
    do {
      return try JSONParser.parse(bytes)
    } catch {
      throw AdminFailure(400, reason: "bad_json", message: error.description)
    }
  }
}
