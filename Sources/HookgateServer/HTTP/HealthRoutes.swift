import HookgateCore
import Hummingbird

/// What `/readyz` checks: the process is alive, so `/healthz` needs nothing.
public protocol Readiness: Sendable {
  /// nil when ready, else why not.
  func notReadyReason() async -> String?
}

enum HealthRoutes {
  static func add(to router: Router<BasicRequestContext>, readiness: Readiness) {
    router.get("/healthz") { _, _ in
      JSONResponse.make(.json(200, .object([("status", .string("ok"))])))
    }
    router.get("/readyz") { _, _ in
      if let reason = await readiness.notReadyReason() {
        return JSONResponse.make(
          .json(503, .object([("status", .string("not_ready")), ("reason", .string(reason))])))
      }
      return JSONResponse.make(.json(200, .object([("status", .string("ready"))])))
    }
  }
}
