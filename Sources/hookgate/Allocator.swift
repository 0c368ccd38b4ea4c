import CJemalloc

/// The malloc the gateway runs on.
///
/// The executable links jemalloc (`Package.swift`): in `bench/layers`, interleaved with glibc's
/// malloc, the gateway's CPU per accepted request and per delivery fell 5–8 % (up to 25 % in
/// the box's slow phases), for about 16 MiB more peak RSS. Glibc's arenas pay for the hookgate
/// pattern of memory freed on another thread than the one that allocated it (request bodies,
/// envelopes, curl's handles cross between Swift's threads, curl's and Redis's).
enum Allocator {
  /// E.g. `jemalloc 5.3.0-0-g54eaed1d…`, for the starting log line. Asking jemalloc itself
  /// proves it is the one linked (and keeps the link from being dropped as unused).
  static var description: String {
    var version: UnsafePointer<CChar>?
    var size = MemoryLayout<UnsafePointer<CChar>?>.size
    guard mallctl("version", &version, &size, nil, 0) == 0, let version else {
      return "unknown"
    }
    return "jemalloc \(String(cString: version))"
  }
}
