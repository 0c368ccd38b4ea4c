import Foundation

/// One look at a watched file: what `stat` says about it and a digest of its content.
public struct FileObservation: Sendable, Equatable {
  public var device: UInt64
  public var inode: UInt64
  public var size: UInt64
  public var modified: Date
  /// SHA-256 of the content.
  public var digest: [UInt8]

  public init(device: UInt64, inode: UInt64, size: UInt64, modified: Date, digest: [UInt8]) {
    self.device = device
    self.inode = inode
    self.size = size
    self.modified = modified
    self.digest = digest
  }
}

/// Decides, from one observation per poll, when a watched file has settled on new content.
///
/// A change counts once the same observation is seen on two polls in a row, so a file still
/// being written (or one an editor is replacing by rename) is not read half-way; and only if
/// its content differs from the content last reported, so saving the same bytes again,
/// `touch`, or a rename of an identical file is not a change. A missing or unreadable file
/// (`nil`) is never a change: the configuration in use keeps serving until a file is back.
///
/// A writer that pauses longer than a poll can still be caught half-way; the reload of that
/// content then fails and is reported, and the complete file settles on the next polls.
public struct SettledFileChange: Sendable {
  private var last: FileObservation?
  private var reported: [UInt8]?

  /// - Parameter baseline: the file as it was when the configuration in use was loaded.
  public init(baseline: FileObservation?) {
    last = baseline
    reported = baseline?.digest
  }

  /// Feeds one poll's observation; true when the file has just settled on new content.
  public mutating func observe(_ observation: FileObservation?) -> Bool {
    defer { last = observation }
    guard let observation, observation == last, observation.digest != reported else {
      return false
    }
    reported = observation.digest
    return true
  }

  /// Records that content with `digest` was just loaded some other way (SIGHUP), so the
  /// watch compares what comes next with what is in use, not with what it reported last:
  /// going back to the content it reported before is then a change again, and the content
  /// just loaded, once the watch sees it, is not.
  public mutating func loaded(digest: [UInt8]) {
    reported = digest
  }
}
