import Foundation
import HookgateCore

/// Calls a test gateway's admin API over real HTTP, with the fixture's token unless told
/// otherwise.
struct AdminClient: Sendable {
  static let token = "test-admin-token-7f3a"

  let port: Int
  init(_ fixture: GatewayFixture) {
    port = fixture.gateway.adminPort
  }

  var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Through the `curl` command: the gateway's own client keeps only the first KiB of a
  /// response, and admin answers are longer.
  func request(
    _ method: String, _ path: String, body: String? = nil, token: String? = AdminClient.token,
    headers: [String] = []
  ) async throws -> TestHTTP.Reply {
    let directory = makeTemporaryDirectory("admin-call")
    let output = directory.appendingPathComponent("body")
    var arguments = [
      "-sS", "-X", method, "-o", output.path, "-w", "%{http_code}", "--max-time", "10",
    ]
    if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
    for header in headers { arguments += ["-H", header] }
    if let body {
      let input = directory.appendingPathComponent("request")
      try body.write(to: input, atomically: true, encoding: .utf8)
      arguments += ["-H", "Content-Type: application/json", "--data-binary", "@\(input.path)"]
    }
    arguments.append(baseURL + path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = arguments
    let statusFile = directory.appendingPathComponent("status")
    FileManager.default.createFile(atPath: statusFile.path, contents: nil)
    let handle = try FileHandle(forWritingTo: statusFile)
    process.standardOutput = handle
    try process.run()
    await process.waitForExit(timeout: .seconds(15))
    try handle.close()
    let status = (try? Data(contentsOf: statusFile)) ?? Data()
    guard let code = Int(String(decoding: status, as: UTF8.self)), code > 0 else {
      throw TestFailure("curl \(method) \(path) failed")
    }
    let bytes = (try? Data(contentsOf: output)).map { Array($0) } ?? []
    return TestHTTP.Reply(status: code, body: bytes, retryAfter: nil)
  }

  func get(_ path: String) async throws -> TestHTTP.Reply { try await request("GET", path) }

  func post(_ path: String, body: String? = nil) async throws -> TestHTTP.Reply {
    try await request("POST", path, body: body)
  }
}

extension GatewayFixture.Setup {
  /// The standard setup with the admin token set.
  static func admin(
    handlers: [String: Receiver.Script] = ["loyalty": .init()],
    tuning: TestConfig.Tuning = .init()
  ) -> GatewayFixture.Setup {
    GatewayFixture.Setup(
      handlers: handlers, tuning: tuning,
      environment: ["HOOKGATE_ADMIN_TOKEN": AdminClient.token])
  }
}

extension TestHTTP.Reply {
  /// The `items` of an admin list.
  var items: [JSONValue] {
    if case .array(let items)? = json?["items"] { return items }
    return []
  }

  var nextCursor: String? { json?["next_cursor"]?.stringValue }
  var text: String { String(decoding: body, as: UTF8.self) }
}
