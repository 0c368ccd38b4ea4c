import HookgateCore

/// Reading entries that share their event's stored envelope (see
/// ``QueueScripts/releaseFunction``).
extension JobQueue {
  /// New jobs for this consumer, without waiting, with shared envelopes attached in the same
  /// round trip.
  func readAttachingEnvelopes(handler: String, consumer: String, count: Int)
    async throws(RedisError) -> [Entry]
  {
    let reply = try await client.evaluate(
      Self.readScript, keys: [keys.jobs(handler: handler)],
      arguments: [
        Array(Self.consumerGroup.utf8), Array(consumer.utf8), Array(String(count).utf8),
        Array(keys.event(eventID: "").utf8),
      ])
    let entries: [Entry] = (reply.array ?? []).compactMap { item in
      guard let fields = item.array, fields.count == 3, let id = fields[0].string,
        let blob = fields[1].bytes, let shared = fields[2].string
      else { return nil }
      return Entry(id: id, blob: blob, sharesEnvelopeOf: shared.isEmpty ? nil : shared)
    }
    // An id the script could not pick out of a header takes the slower path.
    return try await attachingSharedEnvelopes(entries)
  }

  /// Fills in the envelope of entries that share their event's and have none yet, in one
  /// round trip for the batch. An entry holding the header line alone shares: a job with its
  /// own envelope has one after the header's newline.
  func attachingSharedEnvelopes(_ entries: [Entry]) async throws(RedisError) -> [Entry] {
    var entries = entries
    var sharing: [(index: Int, eventID: String)] = []
    for (index, entry) in entries.enumerated()
    where entry.sharesEnvelopeOf == nil && entry.blob.last == 0x0A {
      guard let header = try? DeliveryJob(decoding: entry.blob) else { continue }
      sharing.append((index, header.eventID))
    }
    guard !sharing.isEmpty else { return entries }
    let envelopes = try await client.pipeline(
      sharing.map { ["HGET", keys.event(eventID: $0.eventID), "envelope"] })
    for ((index, eventID), envelope) in zip(sharing, envelopes) {
      entries[index].sharesEnvelopeOf = eventID
      if let envelope = envelope.bytes { entries[index].blob += envelope }
    }
    return entries
  }

  static func flag(_ value: Bool) -> [UInt8] { value ? [0x31] : [0x30] }

  /// Reads new entries (`XREADGROUP` without `BLOCK`, which scripts may not use) and appends
  /// to each header-only entry its event's envelope. The event hash is named from ARGV[4] and
  /// the id in the header: it is in the stream's partition, so in the stream's cluster slot.
  /// KEYS: [1] stream. ARGV: [1] group, [2] consumer, [3] count, [4] event key prefix.
  /// Returns per entry: id, blob, and the id of the event whose envelope it shares (or '').
  static let readScript = RedisScript(
    """
    local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
      'STREAMS', KEYS[1], '>')
    local out = {}
    if not reply then return out end
    for _, entry in ipairs(reply[1][2]) do
      local fields, blob = entry[2], nil
      for i = 1, #fields, 2 do
        if fields[i] == 'job' then blob = fields[i + 1] end
      end
      if blob then
        local shared = ''
        if string.byte(blob, -1) == 10 then
          local id = string.match(blob, '"event":"([^"\\\\]*)"')
          if id then
            shared = id
            local envelope = redis.call('HGET', ARGV[4] .. id, 'envelope')
            if envelope then blob = blob .. envelope end
          end
        end
        out[#out + 1] = {entry[1], blob, shared}
      end
    end
    return out
    """)
}
