import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Slow clients", .serialized)
struct SlowClientTests {
  @Test func connectionThatNeverFinishesItsRequestHeadIsClosed() async throws {
    let redis = try await RedisServerProcess.launch()
    var environment = TestConfig.secrets
    environment["HOOKGATE_HEADER_TIMEOUT"] = "1s"
    let gateway = try GatewayProcess(
      configYAML: TestConfig.yaml(handlers: [
        .init(name: "loyalty", url: "http://127.0.0.1:1/events")
      ]), redis: redis,
      environment: environment)
    try await gateway.start()

    let started = ContinuousClock.now
    let closed = try readUntilClosed(
      port: gateway.port, sending: "POST /webhooks/acme/stripe HTTP/1.1\r\nHost: x\r\n")
    let elapsed = ContinuousClock.now - started
    #expect(closed, "the gateway kept the half-sent request open")
    #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(5), "closed after \(elapsed)")

    await gateway.terminate()
    await redis.stop()
  }
}

/// Sends `text` and reads until the server closes the connection (true) or 10 s pass (false).
private func readUntilClosed(port: Int, sending text: String) throws -> Bool {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = UInt16(port).bigEndian
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  guard connected == 0 else { throw TestFailure("connect failed") }
  var timeout = timeval(tv_sec: 10, tv_usec: 0)
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  _ = text.withCString { send(fd, $0, strlen($0), 0) }
  var buffer = [UInt8](repeating: 0, count: 512)
  while true {
    let count = recv(fd, &buffer, buffer.count, 0)
    if count == 0 { return true }
    if count < 0 { return errno == ECONNRESET }
  }
}
