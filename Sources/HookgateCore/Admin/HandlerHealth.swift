/// One word for a handler's state on the dashboard and in `GET /admin/handlers`.
public enum HandlerHealth: String, Sendable, Equatable {
  /// Deliveries flow.
  case ok
  /// Some jobs wait for a retry after a failure.
  case degraded
  /// The breaker is open or probing (`half_open`): deliveries are held by the gateway.
  case open
  case halfOpen = "half_open"
  /// Held by an operator.
  case paused

  public init(paused: Bool, breakerState: String?, retrying: Int) {
    if paused {
      self = .paused
    } else if breakerState == "open" {
      self = .open
    } else if breakerState == "half_open" {
      self = .halfOpen
    } else if retrying > 0 {
      self = .degraded
    } else {
      self = .ok
    }
  }
}
