import Foundation
import Synchronization

/// Where the configuration in use came from and how reloads have gone, for the admin API and
/// metrics: `loaded_at`, `generation`, reload counts and the errors of the last refused one.
public struct ReloadStatus: Sendable, Equatable {
  /// 1 for the configuration loaded at startup, one more for each reload applied.
  public var generation: Int
  /// When the configuration serving now was loaded.
  public var loadedAt: Date
  /// Reloads that were applied. A reload finding the file's meaning unchanged is not one.
  public var succeeded: Int
  /// Reloads refused: the previous configuration kept serving.
  public var failed: Int
  public var lastFailureAt: Date?
  /// Why the last reload was refused (`file:line:col: message` for configuration errors);
  /// emptied by the next reload that is applied.
  public var lastErrors: [String]

  public init(
    generation: Int = 1, loadedAt: Date = Date(), succeeded: Int = 0, failed: Int = 0,
    lastFailureAt: Date? = nil, lastErrors: [String] = []
  ) {
    self.generation = generation
    self.loadedAt = loadedAt
    self.succeeded = succeeded
    self.failed = failed
    self.lastFailureAt = lastFailureAt
    self.lastErrors = lastErrors
  }
}

/// The gateway's ``ReloadStatus``: written by the reloader, read by anyone.
public final class ReloadStatusStore: Sendable {
  private let status: Mutex<ReloadStatus>

  public init(_ status: ReloadStatus = ReloadStatus()) {
    self.status = Mutex(status)
  }

  /// A snapshot; it does not change when a reload happens afterwards.
  public var current: ReloadStatus { status.withLock { $0 } }

  func recordSuccess(at date: Date = Date()) -> ReloadStatus {
    status.withLock { status in
      status.generation += 1
      status.loadedAt = date
      status.succeeded += 1
      status.lastErrors = []
      return status
    }
  }

  func recordFailure(_ errors: [String], at date: Date = Date()) -> ReloadStatus {
    status.withLock { status in
      status.failed += 1
      status.lastFailureAt = date
      status.lastErrors = errors
      return status
    }
  }
}
