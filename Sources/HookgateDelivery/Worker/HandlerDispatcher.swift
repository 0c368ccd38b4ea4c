import Foundation
import HookgateCore
import HookgateRedis
import Logging

/// Delivers one handler's queue: reads jobs through the consumer group, POSTs each, and moves
/// it on by the ``DeliveryDecision``: acknowledged, rescheduled, or dead-lettered.
///
/// With several partitions, one reader per partition shares the handler's concurrency,
/// pause, breaker and rate limit.
///
/// A job leaves the stream only in the same atomic step that puts it somewhere else, so a
/// crash at any point leaves it pending in the stream, and another consumer claims it after
/// the visibility timeout: at-least-once delivery.
struct HandlerDispatcher: Sendable {
  let handler: Handler
  let signer: StandardWebhooksSigner
  let queues: QueuePartitions
  let http: CurlHTTPClient
  let consumer: String
  let logger: Logger
  /// Pause, circuit breaker and rate limit: consulted before any job is read.
  let gate: FlowGate
  /// Raised when a reload removes or replaces the handler: no job is read after that, and
  /// `run()` returns once the deliveries in flight have finished.
  let stop = StopSignal()

  init(
    handler: Handler, queues: QueuePartitions, http: CurlHTTPClient, consumer: String,
    logger: Logger, flowStatus: HandlerFlowStatus = HandlerFlowStatus()
  ) throws {
    self.handler = handler
    self.signer = try StandardWebhooksSigner(secret: handler.secret.value)
    self.queues = queues
    self.http = http
    self.consumer = consumer
    var logger = logger
    logger[metadataKey: "handler"] = "\(handler.name)"
    self.logger = logger
    self.gate = FlowGate(
      handler: handler, queue: queues.shared, logger: logger, status: flowStatus)
  }

  /// How often due retries are moved back into the stream: the granularity of retry delays.
  static let promoteEvery: Duration = .milliseconds(100)

  /// Consumers idle this long with nothing pending belong to processes that are gone.
  static let forgetConsumersIdleFor: Duration = .seconds(3600)

  /// Runs until the task is cancelled or ``stop`` is raised.
  func run() async {
    let limit = ConcurrencyLimit(slots: handler.delivery.concurrency)
    let intake = readsAhead ? ConcurrencyLimit(slots: handler.delivery.concurrency) : limit
    await withDiscardingTaskGroup { readers in
      for queue in queues.queues {
        readers.addTask { await read(queue, limit: limit, intake: intake) }
      }
    }
  }

  /// Whether readers fetch the next jobs while the handler's slots are all busy, so a slot
  /// the handler's answer frees goes to a job already in hand rather than waiting for a read
  /// from Redis. A job read ahead waits for at most one round of deliveries, each bounded by
  /// `timeout`; it must not wait long enough to look abandoned (`visibility_timeout`) and be
  /// claimed by another instance, so a configuration without that margin does not read ahead.
  var readsAhead: Bool {
    handler.delivery.visibilityTimeout >= handler.delivery.timeout * 3
  }

  /// Reads one partition's jobs until the task is cancelled or the dispatcher stops.
  ///
  /// - Parameters:
  ///   - limit: the handler's delivery slots, shared by the readers of every partition.
  ///   - intake: bounds the jobs read and not yet delivered, over every partition: the same
  ///     limit as `limit` when the readers do not read ahead.
  private func read(_ queue: JobQueue, limit: ConcurrencyLimit, intake: ConcurrencyLimit) async {
    await forgetDeadConsumers(queue)
    // A lone partition's reader blocks in its read while the queue is empty. Readers of
    // several partitions must not: each would hold an intake slot while it waits, and
    // jobs in the other partitions would wait for those slots. They read without blocking
    // and, finding nothing, wait for the stream to grow with no slot held.
    let blocksInRead = queues.queues.count == 1
    var chores = Chores(claimEvery: max(handler.delivery.visibilityTimeout / 2, .milliseconds(100)))
    await withDiscardingTaskGroup { group in
      while !Task.isCancelled && !stop.isRaised {
        await intake.acquire()
        var slots = 1 + intake.acquireAvailable(upTo: handler.delivery.concurrency)
        guard let admission = await gate.admit(upTo: slots, unless: stop) else {
          intake.release(slots)
          break
        }
        intake.release(slots - admission.count)
        slots = admission.count
        let entries: [JobQueue.Entry]
        do {
          entries =
            try await stop.whileReading {
              try await nextEntries(
                queue, upTo: slots, block: blocksInRead ? Self.promoteEvery : nil,
                chores: &chores)
            } ?? []
          await gate.used(admission, read: entries.count)
        } catch {
          await gate.used(admission, read: 0)
          logger.warning("reading the queue failed", metadata: ["error": "\(error)"])
          intake.release(slots)
          try? await Task.sleep(for: .milliseconds(500))
          continue
        }
        intake.release(slots - entries.count)
        if entries.isEmpty && !blocksInRead {
          try? await queue.waitForJobs(handler: handler.name, upTo: Self.promoteEvery)
        }
        for (index, entry) in entries.enumerated() {
          if intake !== limit {
            await limit.acquire()
            intake.release()
          }
          if Task.isCancelled {
            // Shutting down: the jobs not sent stay pending, and the shutdown hands them back.
            // This one's slot goes back, and the intake of the ones after it.
            limit.release()
            intake.release(entries.count - index - 1)
            break
          }
          let slot = ConcurrencyLimit.Slot(of: limit)
          group.addTask {
            await deliver(entry, from: queue, probe: admission.probe, answered: slot.release)
            if admission.probe { gate.probeFinished() }
            slot.release()
          }
        }
      }
    }
  }

  private func forgetDeadConsumers(_ queue: JobQueue) async {
    do {
      try await queue.prepare(handler: handler.name)
      let removed = try await queue.forgetIdleConsumers(
        handler: handler.name, except: consumer, idle: Self.forgetConsumersIdleFor)
      if removed > 0 { logger.info("forgot idle consumers", metadata: ["count": "\(removed)"]) }
    } catch {
      logger.warning("could not list the group's consumers", metadata: ["error": "\(error)"])
    }
  }

  /// When the periodic queue chores last ran.
  struct Chores {
    let claimEvery: Duration
    var lastClaim = ContinuousClock.now - .seconds(3600)
    var lastPromote = ContinuousClock.now - .seconds(3600)

    mutating func due(
      _ last: WritableKeyPath<Chores, ContinuousClock.Instant>, every interval: Duration
    ) -> Bool {
      let now = ContinuousClock.now
      guard now - self[keyPath: last] >= interval else { return false }
      self[keyPath: last] = now
      return true
    }
  }

  /// Jobs to deliver next: first those a dead worker left behind (checked every half
  /// visibility timeout), then new ones, waiting up to `block` when there are none.
  private func nextEntries(
    _ queue: JobQueue, upTo count: Int, block: Duration?, chores: inout Chores
  ) async throws -> [JobQueue.Entry] {
    if chores.due(\.lastPromote, every: Self.promoteEvery) {
      _ = try await queue.promoteDue(handler: handler.name)
    }
    if chores.due(\.lastClaim, every: chores.claimEvery) {
      try await queue.prepare(handler: handler.name)
      let stale = try await queue.claimStale(
        handler: handler.name, consumer: consumer, minIdle: handler.delivery.visibilityTimeout,
        count: count)
      if !stale.isEmpty { return stale }
    }
    // Short blocks keep retry promotion and take-over timely while the queue is idle.
    return try await queue.read(
      handler: handler.name, consumer: consumer, count: count, block: block)
  }

  /// - Parameter answered: called once the handler's answer (or the failure) is in, before
  ///   the job is moved on in Redis: the next delivery need not wait for that bookkeeping.
  func deliver(
    _ entry: JobQueue.Entry, from queue: JobQueue, probe: Bool = false,
    answered: @Sendable () -> Void = {}
  ) async {
    var job: DeliveryJob
    do {
      job = try DeliveryJob(decoding: entry.blob)
    } catch {
      logger.error(
        "burying an unreadable job", metadata: ["entry": "\(entry.id)", "error": "\(error.reason)"])
      try? await queue.bury(
        handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
        blob: entry.blob)
      return
    }
    if job.envelope.isEmpty {
      // An envelope is never empty. A job sharing its event's gets here only when the event
      // hash was deleted by hand (its sharing entries keep it alive); buried, such a job is
      // buried again when replayed, never sent with an empty body.
      job.lastError =
        entry.sharesEnvelopeOf == nil
        ? "the job has no envelope" : "the event's stored envelope is gone"
      logger.error(
        "burying a job without its envelope", metadata: ["event_id": "\(job.eventID)"])
      try? await queue.bury(
        handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
        blob: job.encoded())
      return
    }
    guard await takeTurn(entry, job, in: queue) else { return }
    let sentAt = Date()
    let timestamp = Int64(sentAt.timeIntervalSince1970)
    let request = OutboundRequest(
      url: handler.url,
      headers: signer.headers(id: job.eventID, timestamp: timestamp, body: job.envelope)
        + [("user-agent", "hookgate/1")],
      body: job.envelope, timeout: handler.delivery.timeout)
    let result: AttemptResult
    let sent = await http.send(request)
    answered()
    // Cut off by a shutdown's drain bound: not an attempt. The job stays pending in the
    // stream, and the shutdown hands it back for another instance to send.
    if Task.isCancelled { return }
    switch sent {
    case .success(let response):
      result = .response(
        status: response.status,
        retryAfter: response.retryAfter.flatMap { RetryAfter.delay(from: $0, now: Date()) })
    case .failure(let failure): result = .failure(failure.description)
    }
    await gate.record(result, probe: probe)
    job.attempts += 1
    let decision = DeliveryDecision.after(
      result, attemptsMade: job.attempts, policy: handler.delivery.retry,
      unit: Double.random(in: 0..<1))
    let record = attemptRecord(job, sent: sent, at: sentAt, decision: decision)
    DeliveryMetrics.attempt(
      handler: handler.name, outcome: decision.outcome,
      latency: .milliseconds(record.latencyMilliseconds),
      acceptedAtMilliseconds: job.acceptedAtMilliseconds,
      nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    // Built only for a line that is logged: a delivery that succeeds logs at debug.
    func metadata(_ extra: Logger.Metadata = [:]) -> Logger.Metadata {
      var metadata: Logger.Metadata = [
        "event_id": "\(job.eventID)", "attempt": "\(job.attempts)", "result": "\(result.summary)",
        "status": "\(record.status.map(String.init) ?? "none")",
        "latency_ms": "\(record.latencyMilliseconds)",
      ]
      if decision != .delivered {
        // Where the event came from, for ops reading a failure: read from the envelope only
        // then, so successful deliveries do not parse it.
        metadata.merge(Self.origin(of: job.envelope)) { current, _ in current }
      }
      return metadata.merging(extra) { _, added in added }
    }
    do {
      switch decision {
      case .delivered:
        try await queue.complete(
          handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
          record: record, order: OrderSlot(job: job))
        logger.debug("delivered", metadata: metadata())
      case .retry(let delay, let error):
        job.lastError = error
        logger.warning(
          "attempt failed, will retry",
          metadata: metadata(["retry_in_ms": "\(delay.milliseconds)"]))
        try await queue.reschedule(
          handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
          job: job, after: delay, record: record)
      case .deadLetter(let error):
        job.lastError = error
        logger.error("attempts exhausted, dead-lettered", metadata: metadata())
        try await queue.bury(
          handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
          blob: job.encoded(), record: record, order: OrderSlot(job: job))
      case .pauseHandler(let error):
        job.attempts -= 1  // a 410 pauses the handler; it does not use up the job's attempts
        job.lastError = error
        await gate.pauseForGone(eventID: job.eventID)
        // Its key's order is kept: the job stays the key's next one while it waits.
        try await queue.reschedule(
          handler: handler.name, entryID: entry.id, sharesEnvelopeOf: entry.sharesEnvelopeOf,
          job: job, after: .zero, record: record)
      }
    } catch {
      // The job is still pending in the stream; the visibility timeout brings it back.
      logger.error(
        "recording the attempt failed; the job will be retried",
        metadata: metadata(["error": "\(error)"]))
    }
  }

  /// `tenant` and `source` of an envelope, for a log line.
  static func origin(of envelope: [UInt8]) -> Logger.Metadata {
    guard let json = try? JSONParser.parse(envelope) else { return [:] }
    var origin: Logger.Metadata = [:]
    for key in ["tenant", "source"] {
      if let value = json[key]?.stringValue { origin[key] = "\(value)" }
    }
    return origin
  }
}
