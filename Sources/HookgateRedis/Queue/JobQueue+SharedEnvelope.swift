import HookgateCore

/// Reading entries that share their event's stored envelope (see
/// ``QueueScripts/releaseFunction``).
extension JobQueue {
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
}
