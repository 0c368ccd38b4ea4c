extension JobQueue {
  /// Marks every job `consumer` still holds in the handler's stream as long idle, so the
  /// next `XAUTOCLAIM` of any instance takes it over at once instead of after the visibility
  /// timeout. A gateway calls it last when it shuts down; the jobs never leave the stream.
  ///
  /// - Returns: how many jobs were handed back.
  public func handBack(handler: String, consumer: String) async throws(RedisError) -> Int {
    let reply = try await client.evaluate(
      Self.handBackScript, keys: [keys.jobs(handler: handler)],
      arguments: [Self.consumerGroup, consumer, String(Self.handedBackIdle.milliseconds)].map {
        Array($0.utf8)
      })
    return Int(try reply.throwingOnError().integer ?? 0)
  }

  /// Longer than any visibility timeout a configuration would set.
  static let handedBackIdle: Duration = .seconds(7 * 24 * 3600)

  /// KEYS: [1] stream. ARGV: [1] group, [2] consumer, [3] idle ms to set.
  /// Pages of 500 by id keep the argument list small.
  static let handBackScript = RedisScript(
    """
    local total, start = 0, '-'
    while true do
      local pending = redis.call('XPENDING', KEYS[1], ARGV[1], start, '+', 500, ARGV[2])
      if #pending == 0 then return total end
      local claim = {KEYS[1], ARGV[1], ARGV[2], 0}
      for _, entry in ipairs(pending) do
        claim[#claim + 1] = entry[1]
      end
      claim[#claim + 1] = 'IDLE'
      claim[#claim + 1] = ARGV[3]
      claim[#claim + 1] = 'JUSTID'
      redis.call('XCLAIM', unpack(claim))
      total = total + #pending
      start = '(' .. pending[#pending][1]
    end
    """)
}
