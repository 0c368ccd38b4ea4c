import Foundation
import HookgateCore
import HookgateDelivery
import HookgateRedis
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// `hookgate serve`: the ingress listener, the admin listener and the delivery workers in one
/// service group, stopped together on SIGTERM or SIGINT.
public struct Gateway: Sendable {
  public struct Options: Sendable {
    public var listen: ListenAddress
    public var adminListen: ListenAddress
    public var redis: RedisURL
    /// How long a client may take to send a request head (and to start the next one).
    public var headerTimeout: Duration
    /// How long a connection may stay silent in the middle of a request.
    public var idleTimeout: Duration
    /// `HOOKGATE_CA_FILE`: CAs trusted besides the system's when fetching PayPal certificates.
    public var caFile: String? = nil
    /// `HOOKGATE_DRAIN_TIMEOUT`: on SIGTERM, how long deliveries in flight may take to finish
    /// before they are cut off and handed back.
    public var drainTimeout: Duration = .seconds(10)
    /// Where swift-metrics lands (``MetricsExport/bootstrap()``); served at `GET /metrics`.
    public var metrics: PrometheusCollectorRegistry? = nil
    /// `HOOKGATE_ADMIN_TOKEN`: the bearer token of `/admin/*`; required off loopback.
    public var adminToken: String? = nil
    /// `HOOKGATE_EVENT_TTL`: how long the admin API keeps envelopes (at most the dedup window).
    public var eventLifetime: Duration? = nil
    /// The routes file to reload on SIGHUP and when it changes; nil: no reload.
    public var configPath: String? = nil
    /// How often `configPath` is checked for changes; nil: only SIGHUP reloads.
    public var configPollInterval: Duration? = .seconds(1)
    /// `HOOKGATE_PARTITIONS`: how many partitions tenants are spread over; nil: whatever
    /// Redis already holds, else 1 on a plain Redis and 16 on a cluster.
    public var partitions: Int? = nil
    /// The malloc the process runs on, for the starting log line.
    public var allocator = "unknown"

    public init(
      listen: ListenAddress, adminListen: ListenAddress, redis: RedisURL,
      headerTimeout: Duration = .seconds(10),
      idleTimeout: Duration = .seconds(30)
    ) {
      self.listen = listen
      self.adminListen = adminListen
      self.redis = redis
      self.headerTimeout = headerTimeout
      self.idleTimeout = idleTimeout
    }
  }

  public let options: Options
  public let config: GatewayConfig
  public let logger: Logger
  /// Which configuration generation serves and how reloads went.
  public let reloadStatus = ReloadStatusStore()

  public init(options: Options, config: GatewayConfig, logger: Logger) {
    self.options = options
    self.config = config
    self.logger = logger
  }

  public func run() async throws {
    if let refusal = AdminAccess.startupRefusal(
      host: options.adminListen.host, token: options.adminToken)
    {
      throw StartupError(description: refusal)
    }
    // Before anything is started: a missing cert_file stops startup with nothing to undo.
    let certificates = try PayPalCertificates.load(
      for: config, extraCAFile: options.caFile, logger: logger)
    let adminAssets = try AdminAssets.load()
    let ingressRedis = RedisClient(configuration: .init(url: options.redis, connections: 8))
    let layout = try await agreeOnLayout(ingressRedis)
    // Each partition's reader of each handler holds a connection while it waits for jobs,
    // so delivery gets its own pool: those, one more per handler for the job moves, and room for
    // handlers that reloads add (a reload cannot resize it).
    let deliveryRedis = RedisClient(
      configuration: .init(
        url: options.redis, connections: (layout.count + 1) * config.handlers.count + 16,
        commandTimeout: .seconds(5)))
    let http = CurlHTTPClient()
    defer { http.shutdown() }

    let store = PipelineStore(IngressPipeline(config: config, certificates: certificates))
    let ingress = WebhookIngress(
      acceptor: AcceptStore(
        client: ingressRedis, layout: layout, eventLifetime: options.eventLifetime),
      logger: logger)
    let phase = LifecyclePhase()
    let readiness = GatewayReadiness(client: ingressRedis, phase: phase)

    let ingressRouter = Router(context: BasicRequestContext.self)
    IngressRoutes.add(to: ingressRouter, store: store, ingress: ingress, readiness: readiness)
    let ingressApp = Application(
      router: ingressRouter,
      server: .http1(
        configuration: .init(
          additionalChannelHandlers: [
            RequestHeadTimeout(timeout: .milliseconds(options.headerTimeout.milliseconds))
          ],
          idleTimeout: .milliseconds(options.idleTimeout.milliseconds))),
      configuration: .init(
        address: .hostname(options.listen.host, port: options.listen.port), serverName: "hookgate"),
      logger: logger)

    let adminRedis = RedisClient(configuration: .init(url: options.redis, connections: 4))
    let adminRouter = Router(context: BasicRequestContext.self)
    HealthRoutes.add(to: adminRouter, readiness: readiness)
    if let registry = options.metrics { MetricsExport.add(to: adminRouter, registry: registry) }
    AdminRoutes.add(
      to: adminRouter,
      api: AdminAPI(
        token: options.adminToken, client: adminRedis, layout: layout, assets: adminAssets,
        // The configuration serving now, and when it was loaded: reloads change both.
        activeConfig: { [reloadStatus] in (store.pipeline.config, reloadStatus.current.loadedAt) }))
    let adminApp = Application(
      router: adminRouter,
      configuration: .init(
        address: .hostname(options.adminListen.host, port: options.adminListen.port),
        serverName: "hookgate-admin"),
      logger: logger)

    let deliveryQueues = QueuePartitions(client: deliveryRedis, layout: layout)
    let deliveryService = DeliveryService(
      config: config, queues: deliveryQueues, http: http, logger: logger)
    let delivery = DeliveryRunner(
      service: deliveryService, drainTimeout: options.drainTimeout, phase: phase, logger: logger)
    let sampler = QueueGaugeSampler(
      queues: deliveryQueues, handlers: { store.pipeline.config.handlers.keys.sorted() },
      logger: logger)
    let reloader = ConfigReloader(
      path: options.configPath, pollInterval: options.configPollInterval, initial: config,
      store: store, delivery: deliveryService, certificateProvider: certificates.provider,
      status: reloadStatus, logger: logger)

    logger.info(
      "starting",
      metadata: [
        "listen": "\(options.listen)", "admin_listen": "\(options.adminListen)",
        "redis": "\(options.redis)", "partitions": "\(layout.count)",
        "config": "\(ConfigLoader.summary(of: config))", "allocator": "\(options.allocator)",
      ])
    var lifecycle = ServiceGroupConfiguration(
      // Shutdown runs in reverse: the ingress stops accepting and finishes its requests
      // first; delivery drains and hands its jobs back last.
      services: [delivery, sampler, reloader, adminApp, ingressApp, ShutdownNotice(phase: phase)],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger)
    // Past this, whatever still runs is cancelled: inside systemd's and Kubernetes' 30 s.
    lifecycle.maximumGracefulShutdownDuration = options.drainTimeout + .seconds(10)
    let group = ServiceGroup(configuration: lifecycle)
    try await group.run()
    await ingressRedis.shutdown()
    await deliveryRedis.shutdown()
    await adminRedis.shutdown()
  }
}

extension Gateway {
  /// How long startup waits for Redis to say which partition layout its data has.
  static let layoutWait: Duration = .seconds(30)

  /// The partition layout every instance shares (see ``StoredLayout``). Waits for Redis a
  /// while, since a gateway often starts next to it; a refused layout stops startup.
  func agreeOnLayout(_ client: RedisClient) async throws -> PartitionLayout {
    let deadline = ContinuousClock.now + Self.layoutWait
    while true {
      do {
        return try await StoredLayout.agree(client: client, requested: options.partitions)
      } catch let error as RedisError where ContinuousClock.now < deadline {
        logger.warning(
          "waiting for Redis to read the partition layout", metadata: ["error": "\(error)"])
        try await Task.sleep(for: .seconds(1))
      } catch let error as RedisError {
        throw StartupError(description: "cannot read the partition layout from Redis: \(error)")
      } catch {
        throw StartupError(description: "\(error)")
      }
    }
  }
}

/// Runs the delivery workers as a service. On graceful shutdown they stop taking jobs, the
/// deliveries in flight get `drainTimeout` to finish, and whatever this process still holds
/// is handed back to Redis so another instance takes it over at once.
struct DeliveryRunner: Service {
  let service: DeliveryService
  let drainTimeout: Duration
  let phase: LifecyclePhase
  let logger: Logger

  func run() async throws {
    var handlers: [String] = []
    try await withThrowingTaskGroup(of: [String]?.self) { group in
      group.addTask {
        try await service.run()  // throws only when a dispatcher cannot start
        return nil
      }
      phase.running()
      group.addTask {
        // Returns when shutdown begins; throws (and ends the task) on cancellation.
        guard (try? await gracefulShutdown()) != nil else { return nil }
        let served = service.stopReading()
        try? await Task.sleep(for: drainTimeout)
        return served
      }
      // Either the workers drained, or the bound passed (or the group is cancelled).
      if let first = try await group.next() { handlers = first ?? [] }
      group.cancelAll()
      while let result = try await group.next() { handlers = result ?? handlers }
    }
    let handedBack = await service.handBack(handlers: handlers)
    logger.info(
      "delivery stopped",
      metadata: ["handed_back": "\(handedBack)", "handlers": "\(handlers.count)"])
  }
}

/// `/readyz`: the delivery workers run (not starting, not draining for a shutdown), the
/// configuration is loaded (the gateway does not start without one), and Redis answers.
struct GatewayReadiness: Readiness {
  let client: RedisClient
  let phase: LifecyclePhase

  func notReadyReason() async -> String? {
    if let reason = phase.notReadyReason { return reason }
    do {
      _ = try await client.send(["PING"]).throwingOnError()
      return nil
    } catch {
      return "redis: \(error)"
    }
  }
}

/// The first service told of a shutdown (services stop in reverse order): `/readyz` turns 503
/// while the ingress still answers, so load balancers stop sending before it closes.
struct ShutdownNotice: Service {
  let phase: LifecyclePhase

  func run() async throws {
    if (try? await gracefulShutdown()) != nil { phase.shuttingDown() }
  }
}

/// Where the gateway is in its life, for `/readyz`: a load balancer stops sending to an
/// instance that is shutting down before its listener closes.
final class LifecyclePhase: Sendable {
  private let reason = Mutex<String?>("starting: delivery workers are not running yet")

  var notReadyReason: String? { reason.withLock { $0 } }

  func running() { reason.withLock { $0 = nil } }
  func shuttingDown() { reason.withLock { $0 = "shutting down" } }
}
