import ArgumentParser
import Foundation
import HookgateCore
import HookgateRedis

struct Replay: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Move dead letters back to a handler's queue, keeping their webhook-id.",
    discussion: """
      Select with --all, or with any of --event, --since and --until together. Times are
      RFC 3339 (2026-11-23T10:00:00Z) or a duration back from now (2h, 1d, 1h30m) and compare
      with when the job was dead-lettered. Replayed jobs start a fresh attempt count.
      """)

  @Option(help: "The handler whose dead letters to replay.")
  var handler: String

  @Option(help: "Only this gateway event id.")
  var event: String?

  @Option(help: "Only jobs dead-lettered at or after this time (RFC 3339, or e.g. 2h ago).")
  var since: String?

  @Option(help: "Only jobs dead-lettered at or before this time (RFC 3339, or e.g. 30m ago).")
  var until: String?

  @Flag(help: "Replay every dead letter of the handler.")
  var all = false

  @Option(help: "Redis URL (env REDIS_URL; default redis://127.0.0.1:6379/0).")
  var redis: String?

  func validate() throws {
    let selects = event != nil || since != nil || until != nil
    guard all != selects else {
      throw ValidationError(
        all
          ? "--all replays every dead letter; leave it out to select by --event, --since or --until"
          : "give --all, or select with --event, --since or --until")
    }
    _ = try window()
  }

  /// The dead-letter stream range to read: ids start with the burial time in milliseconds.
  private func window() throws -> (start: String, end: String) {
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    func bound(_ text: String?, _ option: String) throws -> Int64? {
      guard let text else { return nil }
      do {
        return try ReplayTime.epochMilliseconds(text, nowMilliseconds: now)
      } catch {
        throw ValidationError("--\(option): \(error.description)")
      }
    }
    let start = try bound(since, "since")
    let end = try bound(until, "until")
    if let start, let end, start > end {
      throw ValidationError("--since is after --until: nothing to replay")
    }
    return (start.map { String(max(0, $0)) } ?? "-", end.map { String(max(0, $0)) } ?? "+")
  }

  func run() async throws {
    let range = try window()
    let client = try commandClient(redis)
    let queues = QueuePartitions(
      client: client, layout: try await StoredLayout.read(client: client))
    let moved = try await queues.replayDeadLetters(
      handler: handler, from: range.start, to: range.end,
      matching: { event == nil || $0.eventID == event })
    await client.shutdown()
    print("replayed \(moved) dead letter\(moved == 1 ? "" : "s") of \(handler)")
  }
}
