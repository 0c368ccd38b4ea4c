import Metrics

/// Config reloads: a refused reload is the signal to alert on (the old routes still serve,
/// and the file on disk is not what runs).
enum ReloadMetrics {
  static func record(_ status: ReloadStatus, succeeded: Bool) {
    Counter(
      label: "hookgate_config_reloads_total",
      dimensions: [("result", succeeded ? "applied" : "refused")]
    ).increment()
    Gauge(label: "hookgate_config_generation").record(status.generation)
    Gauge(label: "hookgate_config_last_reload_failed").record(status.lastErrors.isEmpty ? 0 : 1)
  }
}
