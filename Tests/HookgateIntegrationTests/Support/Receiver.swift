import Foundation
import HTTPTypes
import HookgateCore
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A real HTTP handler on a loopback port that records what hookgate delivers and answers
/// as the test scripts it: a status per request, optionally after a delay.
final class Receiver: Sendable {
  struct Delivery: Sendable {
    var receivedAt: ContinuousClock.Instant
    var headers: [String: String]
    var body: [UInt8]
    var status: Int

    var webhookID: String? { headers["webhook-id"] }
  }

  struct Script: Sendable {
    /// Statuses for the first requests, in order; after that, `otherwise`.
    var statuses: [Int] = []
    var otherwise = 200
    /// Delay before answering the first `delayFirst` requests.
    var delay: Duration = .zero
    var delayFirst = 0
    /// Sent as `Retry-After` with every non-2xx answer.
    var retryAfter: String? = nil
    /// Per event: a request whose body contains the marker (e.g. a provider event id) gets
    /// these statuses for that event's first deliveries, before `statuses` apply.
    var byMarker: [String: [Int]] = [:]
    /// The body of every answer.
    var responseBody = ""
  }

  let port: Int
  private let state: Mutex<(deliveries: [Delivery], script: Script)>
  private let running: Mutex<(group: ServiceGroup, task: Task<Void, Error>)?> = Mutex(nil)

  init(port: Int = freePort(), script: Script = Script()) {
    self.port = port
    self.state = Mutex(([], script))
  }

  var url: String { "http://127.0.0.1:\(port)/events" }
  var deliveries: [Delivery] { state.withLock { $0.deliveries } }
  var count: Int { state.withLock { $0.deliveries.count } }
  var script: Script { state.withLock { $0.script } }

  func start() async throws {
    let router = Router(context: BasicRequestContext.self)
    router.post("/events") { [self] request, _ in
      let body = try await request.body.collect(upTo: 64 << 20)
      var headers: [String: String] = [:]
      for field in request.headers { headers[field.name.canonicalName] = field.value }
      let (status, delay) = record(headers: headers, body: Array(buffer: body))
      if delay > .zero { try await Task.sleep(for: delay) }
      var response = Response(
        status: HTTPResponse.Status(code: status),
        body: ResponseBody(byteBuffer: ByteBuffer(string: script.responseBody)))
      if !(200..<300).contains(status), let retryAfter = script.retryAfter {
        response.headers[.retryAfter] = retryAfter
      }
      return response
    }
    let app = Application(
      router: router, server: .http1(configuration: .init(idleTimeout: .seconds(5))),
      configuration: .init(address: .hostname("127.0.0.1", port: port)),
      logger: Logger(label: "receiver"))
    // A service group, so stop() can shut down gracefully: plain cancellation leaves the
    // server waiting on the gateway's idle keep-alive connections.
    let group = ServiceGroup(
      configuration: .init(services: [app], logger: Logger(label: "receiver")))
    running.withLock { $0 = (group, Task { try await group.run() }) }
    let client = TestHTTP()
    let up = await eventually { await client.isListening(port: port) }
    guard up else { throw TestFailure("receiver on port \(port) did not start") }
  }

  /// Changes what the receiver answers from now on (counting continues from here).
  func answer(with script: Script) {
    state.withLock { state in
      var shifted = script
      shifted.statuses = Array(repeating: 200, count: state.deliveries.count) + script.statuses
      shifted.delayFirst = script.delayFirst == 0 ? 0 : state.deliveries.count + script.delayFirst
      state.script = shifted
    }
  }

  private func record(headers: [String: String], body: [UInt8]) -> (status: Int, delay: Duration) {
    state.withLock { state in
      let index = state.deliveries.count
      var status =
        index < state.script.statuses.count ? state.script.statuses[index] : state.script.otherwise
      let text = String(decoding: body, as: UTF8.self)
      for (marker, statuses) in state.script.byMarker where text.contains(marker) {
        let seen = state.deliveries.filter {
          String(decoding: $0.body, as: UTF8.self).contains(marker)
        }.count
        if seen < statuses.count { status = statuses[seen] }
      }
      let delay = index < state.script.delayFirst ? state.script.delay : .zero
      state.deliveries.append(
        Delivery(receivedAt: .now, headers: headers, body: body, status: status))
      return (status, delay)
    }
  }

  func stop() async {
    guard
      let (group, task) = running.withLock({ running in
        defer { running = nil }
        return running
      })
    else { return }
    await group.triggerGracefulShutdown()
    _ = await task.result
  }
}
