/// One envelope on its way to one handler, as it sits in the handler's queue.
///
/// Stored as one blob — a small JSON header line, a newline, then the envelope bytes — so the
/// same value can be a stream entry, a sorted-set member while it waits for its retry, and a
/// dead letter, and a worker reads the header without parsing the (possibly large) envelope.
public struct DeliveryJob: Sendable, Equatable {
  /// The envelope id, which is also the `webhook-id` of every attempt.
  public var eventID: String
  public var handler: String
  /// Attempts already made (0 for a fresh job).
  public var attempts: Int
  public var acceptedAtMilliseconds: Int64
  /// The outcome of the latest failed attempt, for dead letters and ops.
  public var lastError: String?
  /// The value of the handler's `order_by` field: jobs sharing it are delivered one at a
  /// time, in acceptance order. Nil for unordered handlers and events without the field.
  public var orderKey: String?
  /// The job's place among its key's jobs, 1, 2, 3…: assigned by Redis when the job is
  /// accepted (or replayed), never by a gateway, so several gateways agree on it.
  public var sequence: Int64?
  public var envelope: [UInt8]

  public init(
    eventID: String, handler: String, attempts: Int = 0, acceptedAtMilliseconds: Int64,
    lastError: String? = nil, orderKey: String? = nil, sequence: Int64? = nil,
    envelope: [UInt8]
  ) {
    self.eventID = eventID
    self.handler = handler
    self.attempts = attempts
    self.acceptedAtMilliseconds = acceptedAtMilliseconds
    self.lastError = lastError
    self.orderKey = orderKey
    self.sequence = sequence
    self.envelope = envelope
  }

  /// The header starts with `{"event":`, and carries `seq` last when it has one: the queue's
  /// Lua scripts give a job its sequence by inserting `"seq":N,` after the `{` of a job
  /// encoded without one.
  public func encoded() -> [UInt8] {
    var json = JSONWriter(reservingCapacity: envelope.count + 160)
    json.raw(encodedHeader())
    json.raw(envelope)
    return json.bytes
  }

  /// The header line alone, newline included: ``encoded()`` without the envelope. The accept
  /// script appends the event's envelope to it, so an event with several jobs sends its
  /// envelope to Redis once.
  public func encodedHeader() -> [UInt8] {
    var header: [(key: String, value: JSONValue)] = [
      ("event", .string(eventID)),
      ("handler", .string(handler)),
      ("attempts", .number(String(attempts))),
      ("accepted_at", .number(String(acceptedAtMilliseconds))),
    ]
    if let lastError { header.append(("error", .string(lastError))) }
    if let orderKey { header.append(("key", .string(orderKey))) }
    if let sequence { header.append(("seq", .number(String(sequence)))) }
    var json = JSONWriter(reservingCapacity: 160)
    json.value(.object(header))
    json.raw([0x0A])
    return json.bytes
  }

  public struct DecodingError: Error, Equatable {
    public let reason: String
  }

  public init(decoding blob: [UInt8]) throws(DecodingError) {
    guard let newline = blob.firstIndex(of: 0x0A) else {
      throw DecodingError(reason: "no header line")
    }
    let header: JSONValue
    do {
      header = try JSONParser.parse(blob[..<newline])
    } catch {
      throw DecodingError(reason: "header: \(error)")
    }
    guard let eventID = header["event"]?.stringValue, let handler = header["handler"]?.stringValue,
      let attempts = header["attempts"]?.scalarText.flatMap({ Int($0) }),
      let acceptedAt = header["accepted_at"]?.scalarText.flatMap({ Int64($0) })
    else { throw DecodingError(reason: "header misses a field") }
    var sequence: Int64? = nil
    if let value = header["seq"] {
      guard let number = value.scalarText.flatMap({ Int64($0) }), number >= 1 else {
        throw DecodingError(reason: "header has a bad seq")
      }
      sequence = number
    }
    self.init(
      eventID: eventID, handler: handler, attempts: attempts, acceptedAtMilliseconds: acceptedAt,
      lastError: header["error"]?.stringValue, orderKey: header["key"]?.stringValue,
      sequence: sequence, envelope: Array(blob[(newline + 1)...]))
  }
}
