import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Slow clients", .serialized)
struct SlowClientTests {
  @Test func connectionThatNeverFinishesItsRequestHeadIsClosed() async throws {
    try await withGateway(headerTimeout: "1s") { port in
      let started = ContinuousClock.now
      let reading = try readUntilClosed(
        port: port, sending: "POST /webhooks/acme/stripe HTTP/1.1\r\nHost: x\r\n")
      let elapsed = ContinuousClock.now - started
      #expect(reading.closed, "the gateway kept the half-sent request open")
      #expect(reading.answeredAt == nil)
      #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(5), "closed after \(elapsed)")
    }
  }

  /// The head timeout starts again after each response: a keep-alive connection that sent a
  /// request late in its first period still gets a whole period before it is closed.
  @Test func idleKeepAliveConnectionIsClosedATimeoutAfterItsLastResponse() async throws {
    try await withGateway(headerTimeout: "1s") { port in
      let reading = try readUntilClosed(
        port: port, sending: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        after: .milliseconds(600))
      #expect(reading.closed, "the gateway kept the idle connection open")
      let answeredAt = try #require(reading.answeredAt, "no response to the request")
      let idle = reading.closedAt - answeredAt
      #expect(
        idle >= .milliseconds(900) && idle < .seconds(5), "closed \(idle) after the response")
    }
  }

  /// A gateway with `HOOKGATE_HEADER_TIMEOUT` set, on its own Redis, stopped after `body`
  /// whether it threw or not.
  private func withGateway(headerTimeout: String, _ body: (Int) async throws -> Void)
    async throws
  {
    let redis = try await RedisServerProcess.launch()
    var environment = TestConfig.secrets
    environment["HOOKGATE_HEADER_TIMEOUT"] = headerTimeout
    do {
      let gateway = try GatewayProcess(
        configYAML: TestConfig.yaml(handlers: [
          .init(name: "loyalty", url: "http://127.0.0.1:1/events")
        ]), redis: redis,
        environment: environment)
      try await gateway.start()
      do {
        try await body(gateway.port)
      } catch {
        await gateway.terminate()
        throw error
      }
      await gateway.terminate()
    } catch {
      await redis.stop()
      throw error
    }
    await redis.stop()
  }
}

private struct Reading {
  /// True when the server closed the connection, false when 10 s passed.
  var closed: Bool
  /// When the first byte of a response arrived, if any did.
  var answeredAt: ContinuousClock.Instant?
  var closedAt: ContinuousClock.Instant
}

/// Connects, waits `delay`, sends `text` and reads until the server closes the connection or
/// 10 s pass.
private func readUntilClosed(port: Int, sending text: String, after delay: Duration = .zero)
  throws -> Reading
{
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
  if delay > .zero {
    usleep(
      UInt32(
        delay.components.seconds * 1_000_000 + delay.components.attoseconds / 1_000_000_000_000))
  }
  _ = text.withCString { send(fd, $0, strlen($0), 0) }
  var buffer = [UInt8](repeating: 0, count: 512)
  var answeredAt: ContinuousClock.Instant?
  while true {
    let count = recv(fd, &buffer, buffer.count, 0)
    if count > 0 {
      if answeredAt == nil { answeredAt = .now }
      continue
    }
    let closed = count == 0 || errno == ECONNRESET
    return Reading(closed: closed, answeredAt: answeredAt, closedAt: .now)
  }
}
