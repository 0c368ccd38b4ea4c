import Foundation
import HookgateCore
import HookgateDelivery
import Logging
import ServiceLifecycle
import UnixSignals

/// Hot reload of `routes.yaml`, on SIGHUP and when the file settles on new content.
///
/// A reload loads and validates the file exactly as startup does, reads the `cert_file:`s,
/// builds the new ingress pipeline and the new dispatchers, and only then switches: the
/// delivery side first (so a new handler is read as soon as a route leads to it), then the
/// pipeline, in one swap. A request holds the pipeline it started with until it answers.
/// Anything wrong refuses the whole reload: each problem is logged, the failure counted in
/// ``ReloadStatus``, and the configuration in use keeps serving.
///
/// Without a file (`path` nil) SIGHUP is still trapped, whose default action would end the
/// process, and only logged.
struct ConfigReloader: Service {
  let path: String?
  /// How often the file is polled; nil: only SIGHUP reloads.
  let pollInterval: Duration?
  let initial: GatewayConfig
  let store: PipelineStore
  let delivery: DeliveryService
  /// The fetcher startup made, kept so downloaded certificates stay cached across reloads.
  let certificateProvider: any CertificateProvider
  let status: ReloadStatusStore
  let logger: Logger

  enum Trigger: String, Sendable {
    case hangup = "SIGHUP"
    case fileChanged = "file change"
  }

  /// What is serving now, to tell a reload that changes nothing.
  struct Applied {
    var config: GatewayConfig
    var certificateFiles: [String: [UInt8]]
  }

  func run() async throws {
    let hangups = await UnixSignalsSequence(trapping: .sighup)
    // One pending trigger is enough: a reload reads the file as it is when it starts.
    let (triggers, pending) = AsyncStream.makeStream(
      of: Trigger.self, bufferingPolicy: .bufferingNewest(1))
    await cancelWhenGracefulShutdown {
      await withDiscardingTaskGroup { group in
        group.addTask {
          for await _ in hangups { pending.yield(.hangup) }
        }
        let watcher = path.flatMap { path in
          pollInterval.map { ConfigFileWatcher(path: path, interval: $0) }
        }
        if let watcher {
          group.addTask {
            await watcher.watch { pending.yield(.fileChanged) }
          }
        }
        var applied = Applied(
          config: initial, certificateFiles: CertificateFileDigests.of(initial))
        for await trigger in triggers {
          await reload(trigger, applied: &applied, watcher: watcher)
        }
      }
    }
  }

  func reload(_ trigger: Trigger, applied: inout Applied, watcher: ConfigFileWatcher?) async {
    guard let path else {
      logger.warning("SIGHUP received: no configuration file to reload; nothing changed")
      return
    }
    switch trigger {
    case .hangup: logger.info("SIGHUP received: reloading \(path)")
    case .fileChanged: logger.info("\(path) changed: reloading it")
    }
    let loaded: LoadedConfig
    do throws(ConfigErrors) {
      let bytes = try Self.read(path)
      // Whatever comes of it, this content has been handled: the watch must not bring it back.
      watcher?.loaded(digest: Crypto.sha256(bytes))
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw ConfigErrors(diagnostics: [
          ConfigDiagnostic(file: path, line: 1, column: 1, message: "the file is not UTF-8")
        ])
      }
      loaded = try ConfigFile.load(text: text, path: path)
    } catch {
      for diagnostic in error.diagnostics { logger.warning("\(diagnostic.description)") }
      refuse(error.errors.map(\.description), trigger: trigger)
      return
    }
    let certificateFiles = CertificateFileDigests.of(loaded.config)
    if loaded.config == applied.config && certificateFiles == applied.certificateFiles {
      logger.info(
        "configuration unchanged; nothing to reload",
        metadata: ["generation": "\(status.current.generation)"])
      return
    }
    for warning in loaded.warnings { logger.warning("\(warning.description)") }
    let pipeline: IngressPipeline
    let changes: HandlerChanges
    do {
      let certificates = try PayPalCertificates.load(
        for: loaded.config, provider: certificateProvider, logger: logger)
      pipeline = IngressPipeline(config: loaded.config, certificates: certificates)
      changes = try await delivery.update(to: loaded.config)
    } catch {
      logger.warning("\(error)")
      refuse(["\(error)"], trigger: trigger)
      return
    }
    store.replace(with: pipeline)
    applied = Applied(config: loaded.config, certificateFiles: certificateFiles)
    let now = status.recordSuccess()
    ReloadMetrics.record(now, succeeded: true)
    logger.info(
      "configuration reloaded (generation \(now.generation))",
      metadata: [
        "trigger": "\(trigger.rawValue)", "config": "\(ConfigLoader.summary(of: loaded.config))",
        "handlers_added": .array(changes.added.map { .string($0) }),
        "handlers_removed": .array(changes.removed.map { .string($0) }),
        "handlers_replaced": .array(changes.changed.map { .string($0) }),
      ])
  }

  /// The file's bytes; what startup would say if it could not read them.
  private static func read(_ path: String) throws(ConfigErrors) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigErrors(diagnostics: [
        ConfigDiagnostic(
          file: path, line: 1, column: 1, message: "cannot read the file", severity: .error)
      ])
    }
    return Array(data)
  }

  private func refuse(_ errors: [String], trigger: Trigger) {
    let now = status.recordFailure(errors)
    ReloadMetrics.record(now, succeeded: false)
    logger.warning(
      "configuration reload refused; generation \(now.generation) keeps serving",
      metadata: [
        "trigger": "\(trigger.rawValue)", "errors": "\(errors.count)",
        "failed_reloads": "\(now.failed)",
      ])
  }
}

extension ConfigReloader: CustomStringConvertible {
  /// What the service group logs for this service: a name, not the whole configuration.
  var description: String { "ConfigReloader" }
}
