import Foundation
import HookgateCore
import Synchronization

/// Notices when `routes.yaml` settles on new content, by polling it.
///
/// Polling rather than inotify: editors and `kubectl` (ConfigMap volumes swap a symlink)
/// replace the file by rename, which an inotify watch on the file itself does not follow;
/// watching the directory instead means re-arming and filtering events, and still needs a
/// timer to wait for the writer to finish. One `stat` and one read of a small file a second
/// costs nothing, works the same on macOS, and ``SettledFileChange`` gives the debounce.
final class ConfigFileWatcher: Sendable {
  let path: String
  let interval: Duration
  private let state: Mutex<SettledFileChange>

  /// The content when the watcher is made is the baseline: it was just loaded.
  init(path: String, interval: Duration) {
    self.path = path
    self.interval = interval
    state = Mutex(SettledFileChange(baseline: Self.observe(path)))
  }

  /// Calls `changed` each time the file settles on new content, until the task is cancelled.
  func watch(_ changed: @Sendable () -> Void) async {
    while !Task.isCancelled {
      do {
        try await Task.sleep(for: interval)
      } catch {
        return
      }
      let observation = Self.observe(path)
      if state.withLock({ $0.observe(observation) }) { changed() }
    }
  }

  /// Tells the watch that content with `digest` was loaded, whatever asked for it.
  func loaded(digest: [UInt8]) {
    state.withLock { $0.loaded(digest: digest) }
  }

  /// The file as it is now, or nil when it is missing or unreadable (in the middle of a
  /// rename, say): that is never taken for a change.
  static func observe(_ path: String) -> FileObservation? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    func number(_ key: FileAttributeKey) -> UInt64 {
      (attributes[key] as? NSNumber)?.uint64Value ?? 0
    }
    return FileObservation(
      device: number(.deviceIdentifier), inode: number(.systemFileNumber), size: number(.size),
      modified: attributes[.modificationDate] as? Date ?? .distantPast,
      digest: Crypto.sha256(Array(data)))
  }
}
