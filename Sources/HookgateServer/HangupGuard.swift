import Logging
import ServiceLifecycle
import UnixSignals

/// Traps SIGHUP, whose default action would end the process, and says what to do instead.
/// Operators send SIGHUP out of habit (or `systemctl reload`); until hot reload exists it must
/// not take the gateway down.
struct HangupGuard: Service {
  let logger: Logger

  func run() async throws {
    let hangups = await UnixSignalsSequence(trapping: .sighup)
    try await cancelWhenGracefulShutdown {
      for await _ in hangups {
        logger.warning(
          "SIGHUP received: configuration reload is not supported yet; restart to apply changes")
      }
    }
  }
}
