import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A loopback TCP port nobody listens on right now (the kernel picks it; we close it again).
func freePort() -> Int {
  let (fd, port) = loopbackSocket(listening: false)
  close(fd)
  return port
}

/// A TCP socket bound to a port the kernel picks on 127.0.0.1, listening if asked.
func loopbackSocket(listening: Bool) -> (fd: Int32, port: Int) {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  precondition(fd >= 0, "socket() failed")
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = 0
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) { pointer in
    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
      guard bind(fd, raw, length) == 0, !listening || listen(fd, 1024) == 0 else { return -1 }
      return getsockname(fd, raw, &length)
    }
  }
  precondition(bound == 0, "bind() or listen() failed")
  return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A fresh temporary folder for one test's files (configs, logs, Redis data).
func makeTemporaryDirectory(_ label: String) -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "hookgate-\(label)-\(UUID().uuidString.prefix(8))")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(
  timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(50),
  _ condition: () async -> Bool
) async -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if await condition() { return true }
    try? await Task.sleep(for: interval)
  }
  return await condition()
}

/// The package root, found from this file's path, for locating the built binary.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

extension Process {
  /// Waits for the process to exit by polling: Foundation's `waitUntilExit` can hang when
  /// called from a Swift concurrency thread on Linux. Sends SIGKILL after `timeout`.
  func waitForExit(timeout: Duration = .seconds(10)) async {
    let exited = await eventually(timeout: timeout, every: .milliseconds(20)) { !isRunning }
    if !exited {
      kill(processIdentifier, SIGKILL)
      _ = await eventually(timeout: .seconds(5), every: .milliseconds(20)) { !isRunning }
    }
  }
}
