/// An accepted event's envelope is stored once, in its event hash, and the jobs the accept
/// creates share it: each holds only the job's header line, in the stream and, when it waits
/// for a retry or for its turn under `order_by`, in the retry set or the parked set. At 2.5 KiB
/// envelopes and a fan-out of 2, that is a third of the bytes Redis writes and logs per event,
/// and a job waiting for a handler that is down costs about 200 bytes instead of a copy of the
/// event.
///
/// The event hash counts the jobs sharing its envelope (`pending`) and keeps no expiry while
/// any does, so a handler that is down for longer than the event's lifetime still finds it.
/// The job that finishes last (completed, or buried as a dead letter, each acknowledged once)
/// sets the expiry the accept chose (`expire_at`, Unix ms): the admin API keeps the event as
/// long as before, or until its last delivery, whichever is later.
///
/// Dead letters carry their own envelope, since they outlive the event hash, and so do
/// replayed jobs. The reader attaches the shared envelope to an entry it reads
/// (``JobQueue/read(handler:consumer:count:block:)``).
extension QueueScripts {
  /// `release(event)`: one job sharing the event's envelope is finished.
  static let releaseFunction = """
    local function release(event)
      if redis.call('HINCRBY', event, 'pending', -1) > 0 then return end
      redis.call('PEXPIREAT', event, tonumber(redis.call('HGET', event, 'expire_at') or '0'))
    end
    """
}
