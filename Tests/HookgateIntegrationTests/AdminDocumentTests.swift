import Foundation
import HookgateCore
import HookgateServer
import Testing
import Yams

@Suite("Admin OpenAPI document and startup", .serialized)
struct AdminDocumentTests {
  @Test func theOpenAPIDocumentParsesAndDescribesEveryServedRoute() throws {
    let document = try AdminAssets.openAPIDocument()
    let root = try #require(try Yams.load(yaml: document) as? [String: Any])
    #expect(root["openapi"] as? String == "3.1.0")
    let paths = try #require(root["paths"] as? [String: Any])
    for route in AdminRoutes.routes {
      let operations = paths[route.path] as? [String: Any]
      #expect(
        operations?[route.method.rawValue.lowercased()] != nil,
        "\(route.method) \(route.path) is served but not in openapi.yaml")
    }
    // And nothing is documented that is not served.
    let served = Set(AdminRoutes.routes.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
    for (path, value) in paths {
      for method in (value as? [String: Any] ?? [:]).keys where method != "parameters" {
        #expect(
          served.contains("\(method) \(path)"), "\(method) \(path) is documented but not served")
      }
    }
  }

  @Test func theGatewayServesTheSameDocument() async throws {
    try await GatewayFixture.with(.admin()) { fixture in
      let reply = try await AdminClient(fixture).request("GET", "/admin/openapi.yaml", token: nil)
      #expect(reply.status == 200)
      #expect(reply.text == (try AdminAssets.openAPIDocument()))
    }
  }

  @Test func aNonLoopbackAdminListenerWithoutATokenRefusesToStart() async throws {
    let directory = makeTemporaryDirectory("admin-refusal")
    let config = directory.appendingPathComponent("routes.yaml")
    try TestConfig.yaml(handlers: [.init(name: "loyalty", url: "http://127.0.0.1:9/events")])
      .write(to: config, atomically: true, encoding: .utf8)
    var environment = TestConfig.secrets
    environment["HOOKGATE_ADMIN_TOKEN"] = ""
    // No Redis runs at this URL: the refusal comes before anything is connected.
    environment["REDIS_URL"] = "redis://127.0.0.1:\(freePort())/0"
    let (output, status) = try await runHookgateWithStatus(
      [
        "serve", "--config", config.path, "--listen", "127.0.0.1:\(freePort())",
        "--admin-listen", "0.0.0.0:\(freePort())",
      ], environment: environment)
    #expect(status != 0)
    #expect(output.contains("HOOKGATE_ADMIN_TOKEN"), "\(output)")
    #expect(output.contains("0.0.0.0"), "\(output)")
  }

  @Test func aBinaryInstalledWithoutItsAssetsSaysSoAndExits() async throws {
    // A hard link: the binary as if copied alone to another directory.
    let directory = packageRoot.appendingPathComponent(".build/test-output/lonely-binary")
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let lonely = directory.appendingPathComponent("hookgate")
    try FileManager.default.linkItem(at: GatewayProcess.binary, to: lonely)
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("routes.yaml")
    try TestConfig.yaml(handlers: [.init(name: "loyalty", url: "http://127.0.0.1:9/events")])
      .write(to: config, atomically: true, encoding: .utf8)

    let process = Process()
    process.executableURL = lonely
    process.arguments = [
      "serve", "--config", config.path, "--listen", "127.0.0.1:\(freePort())",
      "--admin-listen", "127.0.0.1:\(freePort())",
    ]
    var environment = ProcessInfo.processInfo.environment.merging(TestConfig.secrets) { $1 }
    environment["REDIS_URL"] = "redis://127.0.0.1:\(freePort())/0"
    process.environment = environment
    let log = directory.appendingPathComponent("output.txt")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    await process.waitForExit(timeout: .seconds(20))
    try handle.close()
    let output = try String(contentsOf: log, encoding: .utf8)
    #expect(process.terminationStatus == 1, "\(output)")
    #expect(output.contains("hookgate_HookgateServer.resources"), "\(output)")
  }
}
