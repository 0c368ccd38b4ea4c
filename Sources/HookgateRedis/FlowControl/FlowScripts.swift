/// The Lua scripts behind the per-handler rate limit: a generic cell rate algorithm (GCRA)
/// whose only state is the theoretical arrival time (TAT) of the next permit, in
/// microseconds of Redis's own clock (`TIME`), so every gateway instance shares one budget
/// whatever their clocks say.
enum FlowScripts {
  /// Takes one permit if it is due. Returns 0 when granted, else the microseconds until the
  /// next one is due (nothing is taken then).
  /// KEYS: [1] rate key. ARGV: [1] emission interval in microseconds.
  static let takePermit = RedisScript(
    """
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
    local interval = tonumber(ARGV[1])
    local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
    if tat > now then return tat - now end
    local next = now + interval
    redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil(interval / 1000) + 1000)
    return 0
    """)

  /// Gives back a permit that was not used (no job was waiting): moves the TAT back one
  /// interval, never before now.
  /// KEYS: [1] rate key. ARGV: [1] emission interval in microseconds.
  static let returnPermit = RedisScript(
    """
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
    local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
    local back = tat - tonumber(ARGV[1])
    if back <= now then
      redis.call('DEL', KEYS[1])
    else
      redis.call('SET', KEYS[1], string.format('%d', back), 'PX', math.ceil((back - now) / 1000) + 1000)
    end
    return 0
    """)
}
