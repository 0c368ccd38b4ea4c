import Foundation
import HookgateCore
import HookgateRedis

/// The parts of a delivery that serve `order_by` and the attempt log, kept apart from the
/// delivery loop itself.
extension HandlerDispatcher {
  /// Whether `job` may be sent now. An unordered job always may. An ordered one read before
  /// its turn has been parked by Redis until its predecessor finishes; one whose turn could
  /// not be checked (Redis error) stays pending and comes back after the visibility timeout.
  func takeTurn(_ entry: JobQueue.Entry, _ job: DeliveryJob, in queue: JobQueue) async -> Bool {
    guard let order = OrderSlot(job: job) else { return true }
    let waiting = AttemptRecord(
      eventID: job.eventID, handler: handler.name, attempt: job.attempts,
      atMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), status: nil,
      latencyMilliseconds: 0, error: "waiting for an earlier event with the same \(orderByName)",
      response: [], outcome: .waiting)
    do {
      let mayGo = try await queue.takeTurn(
        handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
        job: job, order: order, waiting: waiting)
      if !mayGo {
        logger.debug(
          "parked until an earlier event of its key finishes",
          metadata: ["event_id": "\(job.eventID)", "sequence": "\(order.sequence)"])
      }
      return mayGo
    } catch {
      logger.warning(
        "could not check the event's turn; it will be retried",
        metadata: ["event_id": "\(job.eventID)", "error": "\(error)"])
      return false
    }
  }

  private var orderByName: String { handler.orderBy ?? "order_by key" }

  /// What the attempt log keeps of one attempt: `job.attempts` already counts it.
  func attemptRecord(
    _ job: DeliveryJob, sent: Result<OutboundResponse, OutboundFailure>, at sentAt: Date,
    decision: DeliveryDecision
  ) -> AttemptRecord {
    let status: Int?
    let latency: Duration
    let body: [UInt8]
    var error: String?
    switch sent {
    case .success(let response):
      status = response.status
      latency = response.latency
      body = response.bodyPrefix
    case .failure(let failure):
      status = nil
      latency = failure.latency
      body = []
      error = failure.description
    }
    let outcome: AttemptRecord.Outcome
    switch decision {
    case .delivered: outcome = .delivered
    case .retry(_, let summary):
      outcome = .retry
      error = error ?? summary
    case .deadLetter(let summary):
      outcome = .dead
      error = error ?? summary
    case .pauseHandler(let summary):
      outcome = .paused
      error = error ?? summary
    }
    return AttemptRecord(
      eventID: job.eventID, handler: handler.name, attempt: job.attempts,
      atMilliseconds: Int64(sentAt.timeIntervalSince1970 * 1000), status: status,
      latencyMilliseconds: latency.milliseconds, error: error, response: body, outcome: outcome)
  }
}
