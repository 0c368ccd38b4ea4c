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
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(fd >= 0, "socket() failed")
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
        guard bind(fd, raw, length) == 0, listen(fd, 1024) == 0 else { return -1 }
        return getsockname(fd, raw, &length)
      }
    }
    precondition(bound == 0, "bind() or listen() failed")
    self.fd = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  var url: String { "http://127.0.0.1:\(port)/events" }

  deinit { close(fd) }
}
