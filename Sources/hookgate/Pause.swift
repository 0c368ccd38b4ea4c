import ArgumentParser
import HookgateRedis

struct Pause: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Stop deliveries to a handler on every gateway instance; its jobs wait queued.")

  @Option(help: "The handler to pause.")
  var handler: String

  @Option(help: "Why, for whoever looks later.")
  var reason = "paused by an operator"

  @Option(help: "Redis URL (env REDIS_URL; default redis://127.0.0.1:6379/0).")
  var redis: String?

  func run() async throws {
    let client = try commandClient(redis)
    let queue = JobQueue(client: client)
    try await queue.pause(handler: handler, reason: reason)
    let state = try await queue.pauseState(handler: handler)
    await client.shutdown()
    print("paused \(handler) since \(state?.since ?? "now"): \(state?.reason ?? reason)")
  }
}

struct Resume: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Resume deliveries to a paused handler; instances notice within a second.")

  @Option(help: "The handler to resume.")
  var handler: String

  @Option(help: "Redis URL (env REDIS_URL; default redis://127.0.0.1:6379/0).")
  var redis: String?

  func run() async throws {
    let client = try commandClient(redis)
    let wasPaused = try await JobQueue(client: client).resume(handler: handler)
    await client.shutdown()
    print(wasPaused ? "resumed \(handler)" : "\(handler) was not paused")
  }
}
