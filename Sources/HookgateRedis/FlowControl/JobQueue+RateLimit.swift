import HookgateCore

/// The per-handler rate limit, shared by every gateway instance through one Redis key.
extension JobQueue {
  /// Takes a permit to attempt one job now. Returns nil when granted, else how long until
  /// the next permit is due (nothing was taken: ask again then).
  public func takeRatePermit(handler: String, rate: Rate) async throws(RedisError) -> Duration? {
    let reply = try await client.evaluate(
      FlowScripts.takePermit, keys: [keys.rate(handler: handler)],
      arguments: [Array(String(rate.emissionIntervalMicroseconds).utf8)])
    let wait = reply.integer ?? 0
    return wait > 0 ? .microseconds(wait) : nil
  }

  /// Gives back a permit taken by ``takeRatePermit(handler:rate:)`` that found no job.
  public func returnRatePermit(handler: String, rate: Rate) async throws(RedisError) {
    _ = try await client.evaluate(
      FlowScripts.returnPermit, keys: [keys.rate(handler: handler)],
      arguments: [Array(String(rate.emissionIntervalMicroseconds).utf8)])
  }
}
