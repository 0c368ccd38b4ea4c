import Synchronization

/// The pipeline requests use right now. A request takes the current value once, at its start,
/// so a reload never changes the rules under a request in flight.
public final class PipelineStore: Sendable {
  private let current: Mutex<IngressPipeline>

  public init(_ pipeline: IngressPipeline) {
    current = Mutex(pipeline)
  }

  public var pipeline: IngressPipeline { current.withLock { $0 } }

  public func replace(with pipeline: IngressPipeline) {
    current.withLock { $0 = pipeline }
  }
}
