import Hummingbird
import Metrics
import Prometheus

/// The process's metrics: swift-metrics calls anywhere in hookgate land in one Prometheus
/// registry, which `GET /metrics` on the admin listener renders in the text format.
public enum MetricsExport {
  /// Bootstraps swift-metrics once per process (the composition root calls it) and returns
  /// the registry to serve.
  public static func bootstrap() -> PrometheusCollectorRegistry {
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    // Accepts take milliseconds: the default buckets start at 5 ms, too coarse for a p99 target.
    let fine: [Duration] = [
      .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
    factory.durationHistogramBuckets[IngressMetrics.acceptDuration] = fine
    factory.durationHistogramBuckets["hookgate_delivery_duration_seconds"] = fine
    factory.durationHistogramBuckets["hookgate_end_to_end_seconds"] =
      fine + [.seconds(30), .seconds(60), .seconds(300), .seconds(3600)]
    MetricsSystem.bootstrap(factory)
    return registry
  }

  static func add(to router: Router<some RequestContext>, registry: PrometheusCollectorRegistry) {
    router.get("/metrics") { _, _ -> Response in
      var text: [UInt8] = []
      text.reserveCapacity(16 * 1024)
      registry.emit(into: &text)
      return Response(
        status: .ok,
        headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
  }
}
