import ArgumentParser
import Foundation
import HookgateCore
import HookgateRedis
import HookgateServer
import Logging

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Receive webhooks and deliver them to handlers.")

  @Option(help: "The routes file (env HOOKGATE_CONFIG; default routes.yaml).")
  var config: String?

  @Option(help: "Where providers connect (env HOOKGATE_LISTEN; default 0.0.0.0:8080).")
  var listen: String?

  @Option(
    help:
      "The admin listener: health, readiness (env HOOKGATE_ADMIN_LISTEN; default 127.0.0.1:9090).")
  var adminListen: String?

  @Option(help: "Redis URL (env REDIS_URL; default redis://127.0.0.1:6379/0).")
  var redis: String?

  func run() async throws {
    let logger = makeLogger()
    let path = setting(config, env: "HOOKGATE_CONFIG", default: "routes.yaml")
    let loaded: LoadedConfig
    do {
      loaded = try ConfigFile.load(path: path)
    } catch {
      printError(error.description)
      throw ExitCode(1)
    }
    for warning in loaded.warnings { logger.warning("\(warning.description)") }
    var options: Gateway.Options
    do {
      options = Gateway.Options(
        listen: try ListenAddress(
          parsing: setting(listen, env: "HOOKGATE_LISTEN", default: "0.0.0.0:8080")),
        adminListen: try ListenAddress(
          parsing: setting(adminListen, env: "HOOKGATE_ADMIN_LISTEN", default: "127.0.0.1:9090")),
        redis: try redisURL(redis),
        headerTimeout: try Units.duration(
          setting(nil, env: "HOOKGATE_HEADER_TIMEOUT", default: "10s")),
        idleTimeout: try Units.duration(setting(nil, env: "HOOKGATE_IDLE_TIMEOUT", default: "30s")))
      let eventTTL = setting(nil, env: "HOOKGATE_EVENT_TTL", default: "")
      options.eventLifetime = eventTTL.isEmpty ? nil : try Units.duration(eventTTL)
      options.drainTimeout = try Units.duration(
        setting(nil, env: "HOOKGATE_DRAIN_TIMEOUT", default: "10s"))
      options.configPath = path
      // `0` turns the file watch off; SIGHUP still reloads.
      let poll = try Units.duration(
        setting(nil, env: "HOOKGATE_CONFIG_POLL_INTERVAL", default: "1s"), allowZero: true)
      options.configPollInterval = poll == .zero ? nil : poll
      let partitions = setting(nil, env: "HOOKGATE_PARTITIONS", default: "")
      if !partitions.isEmpty {
        guard let count = Int(partitions) else {
          throw ValidationError("HOOKGATE_PARTITIONS must be a whole number, not \(partitions)")
        }
        options.partitions = count
      }
    } catch {
      printError("hookgate: \(error)")
      throw ExitCode(1)
    }
    options.allocator = Allocator.description
    options.metrics = MetricsExport.bootstrap()
    options.adminToken = ProcessInfo.processInfo.environment["HOOKGATE_ADMIN_TOKEN"]
    options.caFile = ProcessInfo.processInfo.environment["HOOKGATE_CA_FILE"].flatMap {
      $0.isEmpty ? nil : $0
    }
    do {
      try await Gateway(options: options, config: loaded.config, logger: logger).run()
    } catch let error as StartupError {
      printError("hookgate: \(error)")
      throw ExitCode(1)
    }
  }

  private func makeLogger() -> Logger {
    let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap {
      Logger.Level(rawValue: $0.lowercased())
    }
    // JSON lines by default for log shippers; LOG_FORMAT=text for a terminal.
    if ProcessInfo.processInfo.environment["LOG_FORMAT"]?.lowercased() == "text" {
      LoggingSystem.bootstrap(StreamLogHandler.standardError)
    } else {
      LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
    }
    var logger = Logger(label: "hookgate")
    logger.logLevel = level ?? .info
    return logger
  }
}
