import Synchronization

/// Tells a ``HandlerDispatcher`` to stop taking jobs while the deliveries it already holds
/// finish. Cancelling its task instead would cancel those deliveries too, and a job cut off
/// mid-request is delivered again after the visibility timeout.
final class StopSignal: Sendable {
  private let raised = Atomic<Bool>(false)

  func raise() { raised.store(true, ordering: .relaxed) }

  var isRaised: Bool { raised.load(ordering: .relaxed) }
}
