/// The Lua scripts that make each queue transition atomic. Times come from Redis's own clock
/// (`TIME`), so several gateway instances with skewed clocks agree on what is due.
enum QueueScripts {
  /// Accepts a batch of events in one step. For each event: claim its dedup key with
  /// `SET NX EX`; only if that succeeded, append its jobs and record it in the events index
  /// (`hookgate:events`, capped at ARGV[2] entries) and its event hash (envelope and
  /// handlers, expiring after ARGV[3] seconds). Returns 1 (new) or 0 (duplicate) per event.
  ///
  /// KEYS: [1] the events index, then per event: its dedup key, its event hash, then one
  /// stream key per job.
  /// ARGV: [1] dedup window in seconds, [2] index retention count, [3] event hash lifetime in
  /// seconds, [4] `1` when the caller follows with `WAIT` (replicated durability), then per
  /// event: its job count, one argument per job (aligned with that event's stream keys), then
  /// its id, tenant, source, type, handlers (comma-separated) and envelope.
  /// A job's argument is its header line (``DeliveryJob/encodedHeader()``, ending in a
  /// newline): the entry, under the field `shared` rather than `job`, shares the envelope
  /// stored in the event hash (see ``releaseFunction``), which then counts the entries sharing
  /// it and expires only once none is left. An argument not ending in a newline (a job with
  /// its own envelope, or the unrouted record) is written as it is.
  /// An ordered job is followed by its key's order-state key (counted in the job count) with
  /// an empty argument: the job gets that key's next sequence.
  ///
  /// Under replicated durability a duplicate rewrites its dedup key unchanged (`SET XX
  /// KEEPTTL`), so the `WAIT` after it covers everything written so far, the first accept of
  /// the event included: a provider's retry of an accept whose `WAIT` timed out is confirmed
  /// only once that accept is on a replica. `WAIT` counts a connection's own writes, and a
  /// connection that wrote nothing is answered at once (seen on Redis 7.0.15 with a stalled
  /// replica). After a script that wrote nothing 7.0.15 happens to wait anyway; that is not
  /// documented, so the rewrite does not rely on it.
  static let accept = RedisScript(
    """
    \(sequencedFunction)
    local window = ARGV[1]
    local keep, lifetime = ARGV[2], ARGV[3]
    local replicated = ARGV[4] == '1'
    local now = redis.call('TIME')
    local expire_at = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      + tonumber(lifetime) * 1000
    local k, a = 2, 5
    local results = {}
    while k <= #KEYS do
      local count = tonumber(ARGV[a])
      a = a + 1
      if redis.call('SET', KEYS[k], '1', 'NX', 'EX', window) then
        local i = a + count
        local sharing = 0
        for j = 1, count do
          local blob = ARGV[a + j - 1]
          if blob ~= '' then
            if j < count and ARGV[a + j] == '' then blob = sequenced(KEYS[k + j + 2], blob) end
            if string.byte(blob, -1) == 10 then
              sharing = sharing + 1
              redis.call('XADD', KEYS[k + 1 + j], '*', 'shared', blob)
            else
              redis.call('XADD', KEYS[k + 1 + j], '*', 'job', blob)
            end
          end
        end
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', keep, '*', 'id', ARGV[i], 'tenant', ARGV[i + 1],
          'source', ARGV[i + 2], 'type', ARGV[i + 3], 'handlers', ARGV[i + 4])
        local event = KEYS[k + 1]
        if sharing > 0 then
          -- A hash that already had these fields is left from an earlier accept of this id
          -- (after its dedup window) and may carry an expiry: only then is PERSIST needed.
          if redis.call('HSET', event, 'envelope', ARGV[i + 5], 'handlers', ARGV[i + 4],
              'expire_at', expire_at) < 3 then
            redis.call('PERSIST', event)
          end
          -- Added, not set: that earlier accept's entries may still share the envelope.
          redis.call('HINCRBY', event, 'pending', sharing)
        else
          redis.call('HSET', event, 'envelope', ARGV[i + 5], 'handlers', ARGV[i + 4])
          if tonumber(redis.call('HGET', event, 'pending') or '0') > 0 then
            -- Entries of that earlier accept still share the envelope: the last of them to
            -- leave sets the expiry, now this accept's.
            redis.call('HSET', event, 'expire_at', expire_at)
          else
            redis.call('EXPIRE', event, lifetime)
          end
        end
        results[#results + 1] = 1
      else
        if replicated then redis.call('SET', KEYS[k], '1', 'XX', 'KEEPTTL') end
        results[#results + 1] = 0
      end
      k = k + 2 + count
      a = a + count + 6
    end
    return results
    """)

  /// Removes a finished job from the stream and its pending list, logs the attempt, and
  /// for an ordered job lets its key's next job go.
  /// KEYS: [1] stream, [2] event hash, optionally [3] attempt log, [4] order state, [5] parked
  /// set.
  /// ARGV: [1] group, [2] entry id, [3] `1` when the entry shares the event's envelope,
  /// [4] attempt record, [5] log ttl ms, [6] sequence, [7] order state ttl ms.
  static let complete = RedisScript(
    """
    \(finishFunction)
    return finish(2, 3)
    """)

  /// Moves a failed job from the stream to the retry set, due `delay` ms from now.
  /// KEYS: [1] stream, [2] retry set, [3] event hash, optionally [4] attempt log.
  /// ARGV: [1] group, [2] entry id, [3] delay ms, [4] job (envelope included), [5] `1` when
  /// the entry shares the event's envelope, [6] attempt record, [7] log ttl ms.
  static let reschedule = RedisScript(
    """
    \(pushAttemptFunction)
    \(releaseFunction)
    if #KEYS >= 4 then push_attempt(KEYS[4], ARGV[6], ARGV[7]) end
    local now = redis.call('TIME')
    local due = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + tonumber(ARGV[3])
    redis.call('ZADD', KEYS[2], due, ARGV[4])
    if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 1 and ARGV[5] == '1' then
      release(KEYS[3])
    end
    return redis.call('XDEL', KEYS[1], ARGV[2])
    """)

  /// Moves a job that used every attempt from the stream to the dead-letter stream, logs
  /// the attempt, and for an ordered job lets its key's next job go.
  /// KEYS: [1] stream, [2] dead-letter stream, [3] event hash, optionally [4] attempt log,
  /// [5] order state, [6] parked set.
  /// ARGV: [1] group, [2] entry id, [3] job (envelope included), [4] `1` when the entry
  /// shares the event's envelope, [5] attempt record, [6] log ttl ms, [7] sequence, [8] order
  /// state ttl ms.
  static let bury = RedisScript(
    """
    \(finishFunction)
    redis.call('XADD', KEYS[2], '*', 'job', ARGV[3])
    return finish(3, 4)
    """)

  /// Moves due jobs (at most ARGV[1]) from the retry set back to the stream.
  /// KEYS: [1] retry set, [2] stream. Returns how many moved.
  static let promote = RedisScript(
    """
    local now = redis.call('TIME')
    local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
    local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ms, 'LIMIT', 0, tonumber(ARGV[1]))
    for _, job in ipairs(due) do
      redis.call('XADD', KEYS[2], '*', 'job', job)
      redis.call('ZREM', KEYS[1], job)
    end
    return #due
    """)

  /// Moves dead letters back to the queue with their attempts reset (`hookgate replay`).
  /// An ordered job goes to the back of its key's line: it gets a fresh sequence.
  /// KEYS: [1] dead-letter stream, [2] stream, then order-state keys. ARGV: per entry its
  /// id, its fresh job blob, and the index in KEYS of its order state (0: unordered).
  /// Returns how many moved.
  static let revive = RedisScript(
    """
    \(sequencedFunction)
    local moved = 0
    for i = 1, #ARGV, 3 do
      if redis.call('XDEL', KEYS[1], ARGV[i]) == 1 then
        local blob = ARGV[i + 1]
        local state = tonumber(ARGV[i + 2])
        if state > 0 then blob = sequenced(KEYS[state], blob) end
        redis.call('XADD', KEYS[2], '*', 'job', blob)
        moved = moved + 1
      end
    end
    return moved
    """)

  /// Deletes consumers that hold no jobs and have not read for ARGV[2] ms: what restarted
  /// gateways leave behind (each process is a new consumer). One holding a job is kept,
  /// since deleting a consumer drops its pending entries.
  /// KEYS: [1] stream. ARGV: [1] group, [2] idle ms, [3] the caller's own consumer name.
  static let forgetIdleConsumers = RedisScript(
    """
    local removed = 0
    for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
      local fields = {}
      for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
      if fields['name'] ~= ARGV[3] and tonumber(fields['pending']) == 0
          and tonumber(fields['idle']) > tonumber(ARGV[2]) then
        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
        removed = removed + 1
      end
    end
    return removed
    """)
}
