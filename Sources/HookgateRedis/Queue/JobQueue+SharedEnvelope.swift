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
      guard shared == "?" else {
        return Entry(id: id, blob: blob, sharesEnvelopeOf: shared.isEmpty ? nil : shared)
      }
      // A header the script could not pick an id out of: decoded here, completed below.
      return Entry(
        id: id, blob: blob, sharesEnvelopeOf: (try? DeliveryJob(decoding: blob))?.eventID)
    }
    return try await attachingSharedEnvelopes(entries)
  }

  /// Fills in the envelope of entries that share their event's and hold their header line
  /// alone, in one round trip for the batch.
  func attachingSharedEnvelopes(_ entries: [Entry]) async throws(RedisError) -> [Entry] {
    var entries = entries
    let sharing = entries.indices.filter {
      entries[$0].sharesEnvelopeOf != nil && entries[$0].blob.last == 0x0A
    }
    guard !sharing.isEmpty else { return entries }
    let envelopes = try await client.pipeline(
      sharing.map { ["HGET", keys.event(eventID: entries[$0].sharesEnvelopeOf!), "envelope"] })
    for (index, envelope) in zip(sharing, envelopes) {
      if let envelope = envelope.bytes { entries[index].blob += envelope }
    }
    return entries
  }

  /// What a transition script takes to release an entry's share of its event's envelope
  /// (``QueueScripts/releaseFunction``): the event hash's key, and `1` when the entry shares
  /// it. An entry with its own envelope passes a placeholder key in the stream's slot and `0`.
  func envelopeRelease(_ sharesEnvelopeOf: String?) -> (key: String, flag: [UInt8]) {
    (keys.event(eventID: sharesEnvelopeOf ?? ""), sharesEnvelopeOf == nil ? [0x30] : [0x31])
  }

  /// Reads new entries (`XREADGROUP` without `BLOCK`, which scripts may not use) and appends
  /// to each `shared` entry its event's envelope. The event hash is named from ARGV[4] and
  /// the id in the header: it is in the stream's partition, so in the stream's cluster slot.
  /// KEYS: [1] stream. ARGV: [1] group, [2] consumer, [3] count, [4] event key prefix.
  /// Returns per entry: id, blob, and '' for a job with its own envelope, else the id of the
  /// event whose envelope it shares, or '?' when the header shows none.
  ///
  /// Shared entries have their own field so that a gateway of an earlier version, which
  /// reads only `job`, never mistakes a header for a whole job: it leaves them pending, and
  /// a current instance claims them after the visibility timeout.
  static let readScript = RedisScript(
    """
    local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
      'STREAMS', KEYS[1], '>')
    local out = {}
    if not reply then return out end
    for _, entry in ipairs(reply[1][2]) do
      local fields = entry[2]
      for i = 1, #fields, 2 do
        if fields[i] == 'job' then
          out[#out + 1] = {entry[1], fields[i + 1], ''}
          break
        elseif fields[i] == 'shared' then
          local blob = fields[i + 1]
          local id = string.match(blob, '"event":"([^"\\\\]*)"')
          if id then
            local envelope = redis.call('HGET', ARGV[4] .. id, 'envelope')
            if envelope then blob = blob .. envelope end
          end
          out[#out + 1] = {entry[1], blob, id or '?'}
          break
        end
      end
    end
    return out
    """)
}
