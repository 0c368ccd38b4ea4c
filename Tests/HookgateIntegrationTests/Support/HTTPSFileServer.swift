import Foundation

/// `openssl s_server -WWW` serving the PayPal fixture folder over TLS on a loopback port,
/// with the fixture leaf (chained to the fixture CA through the intermediate) as its
/// certificate. Its stdout, one `FILE:<name>` line per request, is the access log tests use
/// to prove a URL was, or was never, fetched.
final class HTTPSFileServer: @unchecked Sendable {
  // @unchecked: `process` is set by start() and cleared by stop(), called in sequence.
  let port: Int
  let directory: URL
  private let log: URL
  private var process: Process?

  init(directory: URL = PayPalTestFiles.directory) {
    port = freePort()
    self.directory = directory
    log = makeTemporaryDirectory("https").appendingPathComponent("s_server.log")
  }

  func url(_ file: String) -> String { "https://127.0.0.1:\(port)/\(file)" }

  func start() async throws {
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "openssl", "s_server", "-WWW", "-accept", "127.0.0.1:\(port)",
      "-cert", directory.appendingPathComponent("leaf.pem").path,
      "-key", directory.appendingPathComponent("leaf.key").path,
      "-cert_chain", directory.appendingPathComponent("intermediate.pem").path,
    ]
    process.currentDirectoryURL = directory
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    self.process = process
    // Not a probe connection: it would show up as an accept without a FILE line.
    let up = await eventually { self.logText.contains("ACCEPT") }
    guard up else { throw TestFailure("openssl s_server did not start:\n\(logText)") }
  }

  func stop() async {
    guard let process else { return }
    // SIGKILL: it holds no state, and children of the test runner may inherit a signal mask
    // that blocks SIGTERM (see RedisServerProcess.stop).
    kill(process.processIdentifier, SIGKILL)
    await process.waitForExit()
    self.process = nil
  }

  /// The files requested so far, in order.
  var requests: [String] {
    logText.split(separator: "\n").filter { $0.hasPrefix("FILE:") }.map {
      String($0.dropFirst("FILE:".count))
    }
  }

  private var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

  deinit {
    if let process { kill(process.processIdentifier, SIGKILL) }
  }
}

/// The files `Tests/HookgateCoreTests/Fixtures/make-paypal-fixtures.sh` made, and signing
/// with their keys through the `openssl` CLI, as PayPal would sign.
enum PayPalTestFiles {
  static let directory = packageRoot.appendingPathComponent(
    "Tests/HookgateCoreTests/Fixtures/paypal")

  static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  static var body: [UInt8] {
    Array((try? Data(contentsOf: directory.appendingPathComponent("event.json"))) ?? Data())
  }

  /// A PayPal event body with its own id, so each test event is new to the dedup window.
  static func event(id: String, invoice: String = "INV-001") -> [UInt8] {
    Array(
      """
      {"id":"\(id)","event_version":"1.0","create_time":"2026-01-15T09:59:58.000Z",\
      "resource_type":"capture","event_type":"PAYMENT.CAPTURE.COMPLETED",\
      "resource":{"id":"42311647XV020574X","status":"COMPLETED",\
      "amount":{"currency_code":"RON","value":"150.00"},"invoice_id":"\(invoice)"}}
      """.utf8)
  }

  /// The headers PayPal would send: the signed string built here (with a bit-by-bit CRC-32,
  /// independent of hookgate's table-driven one), signed by `openssl dgst -sha256 -sign`.
  static func headers(
    body: [UInt8], webhookID: String, certURL: String, key: String = "leaf.key",
    time: Date = Date()
  ) async throws -> [(name: String, value: String)] {
    let id = UUID().uuidString.lowercased()
    let timeText = ISO8601DateFormatter().string(from: time)
    let signed = "\(id)|\(timeText)|\(webhookID)|\(crc32(body))"
    let signature = try await opensslSign(Array(signed.utf8), key: path(key))
    return [
      ("PAYPAL-TRANSMISSION-ID", id), ("PAYPAL-TRANSMISSION-TIME", timeText),
      ("PAYPAL-TRANSMISSION-SIG", signature), ("PAYPAL-CERT-URL", certURL),
      ("PAYPAL-AUTH-ALGO", "SHA256withRSA"), ("Content-Type", "application/json"),
    ]
  }

  private static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
  }

  /// base64 of `openssl dgst -sha256 -sign KEY` over `message`.
  private static func opensslSign(_ message: [UInt8], key: String) async throws -> String {
    let folder = makeTemporaryDirectory("paypal-sign")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("signed.txt")
    let output = folder.appendingPathComponent("signature.bin")
    try Data(message).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "openssl", "dgst", "-sha256", "-sign", key, "-out", output.path, input.path,
    ]
    try process.run()
    await process.waitForExit()
    guard process.terminationStatus == 0, let signature = try? Data(contentsOf: output) else {
      throw TestFailure("openssl dgst -sign failed")
    }
    return signature.base64EncodedString()
  }
}
