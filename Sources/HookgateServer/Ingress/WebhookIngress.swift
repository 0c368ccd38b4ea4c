import Foundation
import HookgateCore
import HookgateRedis
import Logging

/// The durable step of an accept, behind a protocol so the ingress logic reads on its own;
/// in production it is ``AcceptStore`` on a real Redis.
public protocol EventAcceptor: Sendable {
  func accept(_ events: [AcceptStore.Pending], dedupeWindow: Duration, durability: Durability)
    async throws(RedisError) -> [Bool]
}

extension AcceptStore: EventAcceptor {}

/// The answer to a provider, before it becomes HTTP.
public struct IngressReply: Sendable {
  public var status: Int
  public var body: [UInt8]
  public var retryAfterSeconds: Int?

  static func json(_ status: Int, _ value: JSONValue) -> IngressReply {
    IngressReply(status: status, body: JSONWriter.encode(value))
  }

  static func error(_ status: Int, reason: String, message: String) -> IngressReply {
    json(status, .object([("error", .string(message)), ("reason", .string(reason))]))
  }
}

/// One provider request through verify → normalize → route → accept. Every early exit leaves
/// Redis untouched; the accept itself is one atomic script.
public struct WebhookIngress: Sendable {
  public let acceptor: any EventAcceptor
  public let logger: Logger

  public init(acceptor: any EventAcceptor, logger: Logger) {
    self.acceptor = acceptor
    self.logger = logger
  }

  /// Seconds a provider is asked to wait when Redis is unavailable.
  static let retryAfterSeconds = 5

  public func handle(
    pipeline: IngressPipeline, runtime: IngressPipeline.SourceRuntime, request: InboundRequest,
    now: Date = Date()
  ) async -> IngressReply {
    let started = ContinuousClock.now
    let source = runtime.source
    // Built only for a line that is logged, not on every request.
    func log(
      _ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
      _ metadata: @autoclosure () -> Logger.Metadata
    ) {
      logger.log(
        level: level, message(),
        metadata: metadata().merging(
          ["tenant": "\(source.tenant)", "source": "\(source.name)"], uniquingKeysWith: { $1 }))
    }

    let verified: VerifiedSignature
    switch await runtime.verifier.verify(request, now: now) {
    case .success(let result): verified = result
    case .failure(let failure):
      log(.info, "signature refused", ["reason": "\(failure.reason)"])
      IngressMetrics.verificationFailure(
        tenant: source.tenant, source: source.name, reason: failure.reason)
      return .error(401, reason: failure.reason, message: failure.message)
    }

    let payload: JSONValue
    do {
      payload = try JSONParser.parse(request.body)
    } catch {
      let failure = NormalizationFailure.notJSON(error.description)
      return .error(400, reason: failure.reason, message: failure.message)
    }
    let events: [NormalizedEvent]
    switch runtime.normalizer.normalize(request, payload: payload) {
    case .success(let normalized): events = normalized
    case .failure(let failure): return .error(400, reason: failure.reason, message: failure.message)
    }

    let receivedAt = Int64(now.timeIntervalSince1970 * 1000)
    var pending: [AcceptStore.Pending] = []
    var routedTo: [[String]] = []
    for event in events {
      let envelope = Envelope(
        tenant: source.tenant, source: source.name, provider: source.provider, event: event,
        receivedAtMilliseconds: receivedAt, payload: request.body)
      let encoded = envelope.encoded()
      let handlers = pipeline.router.handlers(for: envelope)
      routedTo.append(handlers)
      pending.append(
        AcceptStore.Pending(
          eventID: envelope.id,
          jobs: handlers.map {
            DeliveryJob(
              eventID: envelope.id, handler: $0, acceptedAtMilliseconds: receivedAt,
              orderKey: pipeline.config.handlers[$0]?.orderKey(of: envelope), envelope: encoded)
          },
          unroutedRecord: encoded, tenant: source.tenant, source: source.name,
          type: envelope.type))
    }

    // A batch with no events (Xero's intent-to-receive check) has nothing to make durable:
    // it is answered without a round trip, so the check passes even while Redis is down.
    if pending.isEmpty {
      return .json(200, .object([("received", .bool(true)), ("events", .array([]))]))
    }
    let fresh: [Bool]
    do {
      fresh = try await acceptor.accept(
        pending, dedupeWindow: source.dedupeWindow, durability: pipeline.config.defaults.durability)
    } catch {
      log(.error, "accept failed; asking the provider to retry", ["error": "\(error)"])
      var reply = IngressReply.error(
        503, reason: "store_unavailable", message: "the event store is unavailable; retry later")
      reply.retryAfterSeconds = Self.retryAfterSeconds
      return reply
    }

    let latency = ContinuousClock.now - started
    let newCount = fresh.count { $0 }
    IngressMetrics.accepted(
      tenant: source.tenant, source: source.name, new: newCount,
      duplicates: fresh.count - newCount)
    for (index, event) in pending.enumerated() {
      log(
        .info, fresh[index] ? "accepted" : "duplicate",
        [
          "event_id": "\(event.eventID)", "provider_event_id": "\(events[index].providerEventID)",
          "type": "\(events[index].type)", "handlers": "\(routedTo[index].joined(separator: ","))",
          "secret_index": "\(verified.secretIndex)", "latency_ms": "\(latency.milliseconds)",
        ])
    }
    if !runtime.normalizer.producesBatches {
      return .json(
        200,
        .object([
          ("received", .bool(true)), ("id", .string(pending[0].eventID)),
          ("duplicate", .bool(!fresh[0])),
        ]))
    }
    let items = zip(pending, fresh).map { event, isNew in
      JSONValue.object([("id", .string(event.eventID)), ("duplicate", .bool(!isNew))])
    }
    return .json(200, .object([("received", .bool(true)), ("events", .array(items))]))
  }
}
