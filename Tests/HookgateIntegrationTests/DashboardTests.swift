import Foundation
import HookgateCore
import Testing

@Suite("Admin dashboard in headless Chromium", .serialized)
struct DashboardTests {
  static let script = packageRoot.appendingPathComponent("Tests/dashboard/check-dashboard.sh")
  static let output = packageRoot.appendingPathComponent(".build/test-output")

  @Test func theDashboardShowsHandlersBacklogsAndRecentEvents() async throws {
    try await GatewayFixture.with(
      .admin(
        handlers: ["loyalty": .init(), "audit": .init(otherwise: 500)],
        tuning: .init(schedule: "[10m]"))
    ) { fixture in
      let admin = AdminClient(fixture)
      var ids: [String] = []
      for n in 1...3 {
        let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_dash_\(n)"))
        ids.append(try #require(reply.eventID))
      }
      // loyalty takes all three; audit fails each and holds them for a retry in ten minutes.
      let settled = await eventually {
        let audit = try? await admin.get("/admin/handlers").items.first
        return fixture["loyalty"].count == 3 && audit?["backlog"]?["retrying"]?.scalarText == "3"
      }
      #expect(settled)

      try? FileManager.default.removeItem(at: Self.output.appendingPathComponent("dashboard.png"))
      let arguments =
        [
          Self.script.path, "http://127.0.0.1:\(fixture.gateway.adminPort)", AdminClient.token,
          Self.output.path, "handler:audit:3", "handler:loyalty:0",
        ] + ids.map { "event:\($0)" }
      let (log, status) = try await run("/bin/bash", arguments, timeout: .seconds(90))
      #expect(status == 0, "\(log)")
      #expect(log.components(separatedBy: "\nok: ").count >= 8, "\(log)")
      let screenshot = try Data(contentsOf: Self.output.appendingPathComponent("dashboard.png"))
      #expect(screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // PNG signature
    }
  }

  private func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws
    -> (String, Int32)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let log = makeTemporaryDirectory("dashboard").appendingPathComponent("check.log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    await process.waitForExit(timeout: timeout)
    try handle.close()
    return ("\n" + (try String(contentsOf: log, encoding: .utf8)), process.terminationStatus)
  }
}
