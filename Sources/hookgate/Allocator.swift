import CJemalloc

/// The malloc the gateway runs on.
///
/// The executable links jemalloc (`Package.swift`). Against glibc's malloc, in six interleaved
/// `bench/layers` pairs, the gateway's CPU fell ×0.90 per accepted request and ×0.93 per
/// delivery (medians), for about 19 MiB more peak RSS (docs/BENCHMARKS.md). Much of hookgate's
/// memory is freed on another thread than the one that allocated it: request bodies,
/// envelopes and curl's handles cross between Swift's threads, curl's and Redis's.
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
