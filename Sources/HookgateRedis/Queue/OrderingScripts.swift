/// The Lua for `order_by` handlers and the attempt log, shared by the queue's transition
/// scripts.
///
/// Ordering state, per handler and key: a hash `hookgate:order:<h>:<key>` with `last` (the
/// latest sequence handed out, by the accept script) and `done` (every sequence up to it has
/// been delivered or dead-lettered), and a sorted set `hookgate:parked:<h>:<key>` of jobs read
/// before their turn, scored by sequence. A job may be sent only when its sequence is `done + 1`;
/// finishing it makes `done` its sequence and moves the parked successor, if any, back into the
/// stream. Each step is one script, so a crash between steps leaves a consistent state.
///
/// Why sequences rather than the alternatives: a per-key lock held while sending loses the
/// order as soon as the holder's job goes to the retry set (its successor takes the lock);
/// partitioning keys over N streams with one reader each blocks every key of a partition
/// behind one failing handler call and needs rebalancing between gateways; a stream per key
/// multiplies consumer groups without bound. Here only the key waits, any consumer of any
/// gateway can deliver any job, and idle keys cost nothing.
///
/// Limit: a key's next job deleted by hand (not through the queue) holds its later jobs
/// parked; they show as `waiting` in their attempt logs, and the state and parked set expire
/// after ``JobQueue/orderStateTTL`` without any activity on the key.
extension QueueScripts {
  /// `push_attempt(log, record, ttl_ms)`: appends one attempt record, keeps the last 1000,
  /// and refreshes the log's expiry. An empty record writes nothing.
  static let pushAttemptFunction = """
    local function push_attempt(log, record, ttl)
      if record == nil or record == '' then return end
      if redis.call('RPUSH', log, record) > 1000 then redis.call('LTRIM', log, -1000, -1) end
      redis.call('PEXPIRE', log, ttl)
    end
    """

  /// `sequenced(state, blob)`: the job blob with its key's next sequence inserted as the
  /// header's first field (the header is a JSON object, so the blob starts with `{`). The
  /// state expires if nothing else ever touches it (say, the handler left the config).
  static let sequencedFunction = """
    local function sequenced(state, blob)
      local seq = redis.call('HINCRBY', state, 'last', 1)
      redis.call('PEXPIRE', state, \(JobQueue.orderStateTTL.milliseconds))
      return '{"seq":' .. seq .. ',' .. string.sub(blob, 2)
    end
    """

  /// `advance(state, parked, stream, seq, ttl_ms)`: the job with sequence `seq` is finished.
  /// Only the key's next expected job moves `done` (a second completion of the same job, or
  /// one sent while the state was missing, changes nothing). A key with nothing outstanding
  /// loses its state, so idle keys cost nothing.
  static let advanceFunction = """
    local function advance(state, parked, stream, seq, ttl)
      if redis.call('EXISTS', state) == 0 then return end
      local done = tonumber(redis.call('HGET', state, 'done') or '0')
      if seq ~= done + 1 then return end
      local last = tonumber(redis.call('HGET', state, 'last') or '0')
      if seq >= last and redis.call('ZCARD', parked) == 0 then
        redis.call('DEL', state, parked)
        return
      end
      redis.call('HSET', state, 'done', seq)
      for _, job in ipairs(redis.call('ZRANGEBYSCORE', parked, seq + 1, seq + 1)) do
        redis.call('XADD', stream, '*', 'job', job)
        redis.call('ZREM', parked, job)
      end
      redis.call('PEXPIRE', state, ttl)
      if redis.call('EXISTS', parked) == 1 then redis.call('PEXPIRE', parked, ttl) end
    end
    """

  /// `finish(k, a)`: the end of a job in the stream KEYS[1] (group ARGV[1], entry ARGV[2]):
  /// acknowledged and deleted, its attempt logged, and for an ordered job its key's next job
  /// let go — only if this call acknowledged it, so a job finished twice releases once.
  /// KEYS[k] is the event hash and ARGV[a] `1` when the entry shares its envelope (see
  /// ``releaseFunction``). Optional KEYS[k+1], [k+2], [k+3]: attempt log, order state, parked
  /// set; ARGV[a+1] … [a+4]: attempt record, log ttl ms, sequence, order state ttl ms.
  /// Returns what XDEL returned.
  static let finishFunction = """
    \(pushAttemptFunction)
    \(advanceFunction)
    \(releaseFunction)
    local function finish(k, a)
      local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      local deleted = redis.call('XDEL', KEYS[1], ARGV[2])
      if acked == 1 and ARGV[a] == '1' then release(KEYS[k]) end
      if #KEYS >= k + 1 then push_attempt(KEYS[k + 1], ARGV[a + 1], ARGV[a + 2]) end
      if #KEYS >= k + 3 and acked == 1 then
        advance(KEYS[k + 2], KEYS[k + 3], KEYS[1], tonumber(ARGV[a + 3]), ARGV[a + 4])
      end
      return deleted
    end
    """

  /// Decides whether an ordered job read from the stream may be sent now. If its key's
  /// state is gone (expired: ordering degrades to delivery rather than to a stuck key) or its
  /// turn has come, returns 1. Otherwise parks it: moves it out of the stream into the
  /// key's parked set, records a `waiting` attempt, and returns 0. A job no longer pending
  /// (another consumer finished it) returns 0 and changes nothing.
  ///
  /// KEYS: [1] stream, [2] order state, [3] parked set, [4] attempt log, [5] event hash.
  /// ARGV: [1] group, [2] entry id, [3] sequence, [4] job blob (envelope included), [5] state
  /// ttl ms, [6] waiting record, [7] attempt log ttl ms, [8] `1` when the entry shares its
  /// event's envelope.
  static let takeTurn = RedisScript(
    """
    \(pushAttemptFunction)
    \(releaseFunction)
    local seq = tonumber(ARGV[3])
    if redis.call('EXISTS', KEYS[2]) == 0 then return 1 end
    local done = tonumber(redis.call('HGET', KEYS[2], 'done') or '0')
    if seq <= done + 1 then return 1 end
    if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
    redis.call('XDEL', KEYS[1], ARGV[2])
    if ARGV[8] == '1' then release(KEYS[5]) end
    redis.call('ZADD', KEYS[3], seq, ARGV[4])
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    redis.call('PEXPIRE', KEYS[3], ARGV[5])
    push_attempt(KEYS[4], ARGV[6], ARGV[7])
    return 0
    """)
}
