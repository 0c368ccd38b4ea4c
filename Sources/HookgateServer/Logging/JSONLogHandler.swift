import Foundation
import HookgateCore
import Logging
import Synchronization

/// One JSON object per line, for log shippers (`LOG_FORMAT=json`, the default of `serve`):
/// `{"ts":…,"level":…,"msg":…,"label":…, <metadata>}`. Metadata keys become top-level fields,
/// so a query can filter on `event_id` or `handler` without parsing the message.
public struct JSONLogHandler: LogHandler {
  public var logLevel: Logger.Level = .info
  public var metadata: Logger.Metadata = [:]
  public var metadataProvider: Logger.MetadataProvider?
  private let label: String
  private let output: LogOutput

  public init(label: String, output: LogOutput = .standardError) {
    self.label = label
    self.output = output
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var merged = metadata
    if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
    if let extra = event.metadata { merged.merge(extra) { $1 } }
    output.write(
      Self.line(
        at: Date(), level: event.level, message: "\(event.message)", label: label,
        metadata: merged))
  }

  /// Reserved fields come first and win over metadata of the same name.
  static func line(
    at date: Date, level: Logger.Level, message: String, label: String,
    metadata: Logger.Metadata
  ) -> [UInt8] {
    var members: [(key: String, value: JSONValue)] = [
      (
        "ts",
        .string(Timestamp.rfc3339(epochMilliseconds: Int64(date.timeIntervalSince1970 * 1000)))
      ),
      ("level", .string(level.rawValue)),
      ("msg", .string(message)),
      ("label", .string(label)),
    ]
    let reserved: Set = ["ts", "level", "msg", "label"]
    for key in metadata.keys.sorted() where !reserved.contains(key) {
      members.append((key, json(metadata[key]!)))
    }
    var writer = JSONWriter(reservingCapacity: 256)
    writer.value(.object(members))
    writer.raw("\n")
    return writer.bytes
  }

  private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
    switch value {
    case .string(let text): .string(text)
    case .stringConvertible(let convertible): .string(convertible.description)
    case .array(let items): .array(items.map(json))
    case .dictionary(let entries):
      .object(entries.keys.sorted().map { ($0, json(entries[$0]!)) })
    }
  }
}

/// Where log lines go: one `write(2)` per line, under a lock, so lines from concurrent tasks
/// never interleave.
public final class LogOutput: Sendable {
  private let descriptor: Mutex<Int32>

  public init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

  public static let standardError = LogOutput(descriptor: 2)

  func write(_ bytes: [UInt8]) {
    descriptor.withLock { fd in
      bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
          let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
          if written < 0 && errno == EINTR { continue }
          guard written > 0 else { return }
          offset += written
        }
      }
    }
  }
}
