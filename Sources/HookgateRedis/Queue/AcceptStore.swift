import HookgateCore

/// The ingress side of the queue: the one atomic step that decides whether an event is new
/// and, if it is, makes its delivery jobs durable.
public struct AcceptStore: Sendable {
  /// One event to accept, with the jobs to create if it is new.
  public struct Pending: Sendable {
    public var eventID: String
    /// One blob per handler the router chose; empty for an unrouted event.
    public var jobs: [DeliveryJob]
    /// The envelope. Recorded in the unrouted stream when `jobs` is empty, so no accepted
    /// event vanishes, and in the event hash the admin API reads.
    public var unroutedRecord: [UInt8]
    /// What the events index lists the event by.
    public var tenant: String
    public var source: String
    public var type: String

    public init(
      eventID: String, jobs: [DeliveryJob], unroutedRecord: [UInt8], tenant: String = "",
      source: String = "", type: String = ""
    ) {
      self.eventID = eventID
      self.jobs = jobs
      self.unroutedRecord = unroutedRecord
      self.tenant = tenant
      self.source = source
      self.type = type
    }
  }

  public let client: RedisClient
  /// Concurrent accepts share round trips. On a cluster a pipeline must stay in one slot, so
  /// each partition batches its own; a plain Redis batches every partition together, which
  /// makes larger batches. By partition number.
  private let batches: [GroupCommit]
  public let layout: PartitionLayout
  /// By partition number.
  private let partitionKeys: [RedisKeys]
  /// About how many events `hookgate:events` keeps (`MAXLEN ~`).
  public let eventIndexRetention: Int
  /// How long an event's envelope stays readable (and replayable) through the admin API, at
  /// most its dedup window; nil: the dedup window.
  public let eventLifetime: Duration?

  public init(
    client: RedisClient, layout: PartitionLayout = .single, prefix: String = "hookgate",
    eventIndexRetention: Int = 100_000, eventLifetime: Duration? = nil
  ) {
    self.client = client
    let flushers = max(1, client.configuration.connections / 2)
    if client.configuration.url.cluster {
      self.batches = layout.partitions.map { _ in GroupCommit(client: client, flushers: flushers) }
    } else {
      let shared = GroupCommit(client: client, flushers: flushers)
      self.batches = layout.partitions.map { _ in shared }
    }
    self.layout = layout
    self.partitionKeys = RedisKeys.partitions(of: layout, prefix: prefix)
    self.eventIndexRetention = eventIndexRetention
    self.eventLifetime = eventLifetime
  }

  /// Accepts every event of one request in one script call: all of them are durable when
  /// this returns, or the call throws and the provider is told to retry.
  ///
  /// - Returns: per event, true when it is new, false when it is a duplicate.
  public func accept(_ events: [Pending], dedupeWindow: Duration, durability: Durability)
    async throws(RedisError) -> [Bool]
  {
    // A request's events share its tenant, so this is one call: one script in one slot.
    let partitions = events.map { layout.partition(ofTenant: $0.tenant) }
    guard let first = partitions.first, partitions.contains(where: { $0 != first }) else {
      return try await accept(
        events, partition: partitions.first ?? 0, dedupeWindow: dedupeWindow,
        durability: durability)
    }
    var isNew = [Bool](repeating: false, count: events.count)
    for partition in Set(partitions) {
      let indices = events.indices.filter { partitions[$0] == partition }
      let flags = try await accept(
        indices.map { events[$0] }, partition: partition, dedupeWindow: dedupeWindow,
        durability: durability)
      for (index, flag) in zip(indices, flags) { isNew[index] = flag }
    }
    return isNew
  }

  private func accept(
    _ events: [Pending], partition: Int, dedupeWindow: Duration, durability: Durability
  ) async throws(RedisError) -> [Bool] {
    let keys = partitionKeys[partition]
    let window = max(1, dedupeWindow.components.seconds)
    let lifetime = min(window, max(1, eventLifetime?.components.seconds ?? window))
    var scriptKeys: [String] = [keys.events]
    let waits: Bool
    if case .replicated = durability { waits = true } else { waits = false }
    var arguments: [[UInt8]] = [
      Array(String(window).utf8), Array(String(max(1, eventIndexRetention)).utf8),
      Array(String(lifetime).utf8), Array((waits ? "1" : "0").utf8),
    ]
    for event in events {
      scriptKeys.append(keys.dedup(eventID: event.eventID))
      scriptKeys.append(keys.event(eventID: event.eventID))
      if event.jobs.isEmpty {
        arguments.append(Array("1".utf8))
        scriptKeys.append(keys.unrouted)
        arguments.append(event.unroutedRecord)
      } else {
        let orderedCount = event.jobs.filter { $0.orderKey != nil }.count
        arguments.append(Array(String(event.jobs.count + orderedCount).utf8))
        for job in event.jobs {
          scriptKeys.append(keys.jobs(handler: job.handler))
          var job = job
          job.sequence = nil  // Redis hands out sequences, never the caller.
          // The script appends the event's envelope to a header line, so the envelope is
          // sent once. (Equal arrays from the ingress share storage: the check is O(1).)
          arguments.append(
            job.envelope == event.unroutedRecord ? job.encodedHeader() : job.encoded())
          // An ordered job is followed by its key's state and an empty argument: the script
          // hands it the key's next sequence.
          if let key = job.orderKey {
            scriptKeys.append(keys.orderState(handler: job.handler, key: key))
            arguments.append([])
          }
        }
      }
      arguments += [event.eventID, event.tenant, event.source, event.type].map { Array($0.utf8) }
      arguments.append(Array(event.jobs.map(\.handler).joined(separator: ",").utf8))
      arguments.append(event.unroutedRecord)
    }
    var waitCommands: [RedisCommand] = []
    if case .replicated(let replicas, let timeout) = durability {
      waitCommands.append(["WAIT", String(replicas), String(timeout.milliseconds)])
    }
    let replies = try await batches[partition].evaluate(
      QueueScripts.accept, keys: scriptKeys, arguments: arguments, followedBy: waitCommands)
    let reply = try replies[0].throwingOnError()
    guard let flags = reply.array, flags.count == events.count else {
      throw .unexpectedReply("accept returned \(reply)")
    }
    if case .replicated(let replicas, _) = durability {
      // The write happened but is not known to be on a replica: the provider is told to
      // retry. The retry is a duplicate, which rewrites its dedup key (see the accept
      // script), so its own WAIT covers the first write too: it gets its 200 only once that
      // is on a replica.
      let acknowledged = replies[1].integer ?? 0
      guard acknowledged >= Int64(replicas) else {
        throw .connection("only \(acknowledged) of \(replicas) replicas acknowledged in time")
      }
    }
    return flags.map { $0.integer == 1 }
  }
}
