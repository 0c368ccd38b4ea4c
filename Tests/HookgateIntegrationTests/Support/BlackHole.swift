import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A handler that hangs: a loopback socket that listens but never accepts, so the kernel
/// completes each connection and takes the request, and no answer ever comes.
final class BlackHole: Sendable {
  let port: Int
  private let fd: Int32

  init() {
    (fd, port) = loopbackSocket(listening: true)
  }

  var url: String { "http://127.0.0.1:\(port)/events" }

  deinit { close(fd) }
}
