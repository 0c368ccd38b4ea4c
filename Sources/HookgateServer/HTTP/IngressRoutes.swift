import HTTPTypes
import HookgateCore
import Hummingbird

/// The provider-facing HTTP surface: `POST /webhooks/{tenant}/{source}` and the health probes
/// load balancers send to this port.
enum IngressRoutes {
  static func add(
    to router: Router<BasicRequestContext>, store: PipelineStore, ingress: WebhookIngress,
    readiness: Readiness
  ) {
    let path: RouterPath = "/webhooks/:tenant/:source"
    router.post(path) { request, context in
      try await receive(request, context: context, store: store, ingress: ingress)
    }
    for method: HTTPRequest.Method in [.get, .put, .patch, .delete, .options] {
      router.on(path, method: method) { _, _ in
        var response = JSONResponse.make(
          IngressReply.error(
            405, reason: "method_not_allowed", message: "webhooks are delivered with POST"))
        response.headers[.allow] = "POST"
        return response
      }
    }
    HealthRoutes.add(to: router, readiness: readiness)
  }

  static func receive(
    _ request: Request, context: BasicRequestContext, store: PipelineStore, ingress: WebhookIngress
  ) async throws -> Response {
    let started = ContinuousClock.now
    let pipeline = store.pipeline
    guard let tenant = context.parameters.get("tenant"),
      let sourceName = context.parameters.get("source"),
      let runtime = pipeline.source(tenant: tenant, source: sourceName)
    else {
      IngressMetrics.request(tenant: "unknown", source: "unknown", status: 404)
      return JSONResponse.make(
        .error(404, reason: "unknown_source", message: "no such tenant or source"))
    }
    let response = try await receive(
      request, runtime: runtime, pipeline: pipeline, ingress: ingress)
    IngressMetrics.request(tenant: tenant, source: sourceName, status: Int(response.status.code))
    IngressMetrics.acceptLatency(
      ContinuousClock.now - started, tenant: tenant, source: sourceName)
    return response
  }

  private static func receive(
    _ request: Request, runtime: IngressPipeline.SourceRuntime, pipeline: IngressPipeline,
    ingress: WebhookIngress
  ) async throws -> Response {
    let limit = runtime.source.maxBody
    if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
      return JSONResponse.tooLarge(limit: limit)
    }
    let body: ByteBuffer
    do {
      body = try await request.body.collect(upTo: limit)
    } catch let error as HTTPError where error.status == .contentTooLarge {
      return JSONResponse.tooLarge(limit: limit)
    }
    let headers = HeaderFields(
      request.headers.map { (name: $0.name.canonicalName, value: $0.value) })
    let inbound = InboundRequest(headers: headers, body: Array(buffer: body))
    return JSONResponse.make(
      await ingress.handle(pipeline: pipeline, runtime: runtime, request: inbound))
  }
}
