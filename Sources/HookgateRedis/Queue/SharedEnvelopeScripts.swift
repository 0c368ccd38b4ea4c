/// An accepted event's envelope is stored once, in its event hash, and the jobs the accept
/// creates share it: each stream entry holds only the job's header line, under the field
/// `shared` (a whole job is under `job`). At 2.5 KiB envelopes and a fan-out of 2, that is a
/// third of the bytes Redis writes and logs per event, and a job waiting in the stream for a
/// handler that is down (the circuit breaker keeps them there) costs about 200 bytes instead
/// of a copy of the event.
///
/// The event hash counts the stream entries sharing its envelope (`pending`) and keeps no
/// expiry while any does, so a handler that is down for longer than the event's lifetime still
/// finds it. The entry that leaves the stream last (completed, rescheduled, buried or parked,
/// each acknowledged once) sets the expiry the accept chose (`expire_at`, Unix ms): the admin
/// API keeps the event as long as before, or until its last delivery, whichever is later.
///
/// Every other copy of a job carries its own envelope: the retry set, the dead letters, the
/// parked jobs of an `order_by` key, replays. Sorted-set members have no field to tell a
/// header from a whole job, and any instance may move them back into the stream as `job`
/// entries, so they stay whole. The reader attaches the shared envelope to an entry it reads
/// (``JobQueue/read(handler:consumer:count:block:)``), so whatever moves the job on writes it
/// whole.
extension QueueScripts {
  /// `release(event)`: one entry sharing the event's envelope has left the stream.
  static let releaseFunction = """
    local function release(event)
      if redis.call('HINCRBY', event, 'pending', -1) > 0 then return end
      redis.call('PEXPIREAT', event, tonumber(redis.call('HGET', event, 'expire_at') or '0'))
    end
    """
}
