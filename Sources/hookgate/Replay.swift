import ArgumentParser
import HookgateCore
import HookgateRedis

struct Replay: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Move dead letters back to a handler's queue, keeping their webhook-id.")

  @Option(help: "The handler whose dead letters to replay.")
  var handler: String

  @Option(help: "Only this gateway event id.")
  var event: String?

  @Flag(help: "Replay every dead letter of the handler.")
  var all = false

  @Option(help: "Redis URL (env REDIS_URL; default redis://127.0.0.1:6379/0).")
  var redis: String?

  func validate() throws {
    guard all != (event != nil) else {
      throw ValidationError("give exactly one of --all or --event")
    }
  }

  func run() async throws {
    let url = try RedisURL(
      parsing: setting(redis, env: "REDIS_URL", default: "redis://127.0.0.1:6379/0"))
    let client = RedisClient(configuration: .init(url: url, connections: 1))
    let queue = JobQueue(client: client)
    var moved = 0
    var cursor = "-"
    while true {
      let page = try await queue.deadLetters(handler: handler, start: cursor, count: 200)
      let chosen: [(id: String, job: DeliveryJob)] = page.compactMap { entry in
        guard var job = try? DeliveryJob(decoding: entry.blob), event == nil || job.eventID == event
        else {
          return nil
        }
        job.attempts = 0
        job.lastError = nil
        return (entry.id, job)
      }
      moved += try await queue.revive(handler: handler, entries: chosen)
      guard page.count == 200, let last = page.last else { break }
      cursor = "(" + last.id
    }
    await client.shutdown()
    print("replayed \(moved) dead letter\(moved == 1 ? "" : "s") of \(handler)")
  }
}
