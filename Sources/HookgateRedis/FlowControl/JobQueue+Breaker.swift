/// Where instances publish their circuit breakers' transitions, for ops and the admin API.
/// Each instance keeps its own breaker; the hash holds the latest transition any made.
extension JobQueue {
  /// - Parameters:
  ///   - state: `closed`, `open` or `half_open`.
  ///   - since: RFC 3339.
  ///   - failures: consecutive failures when the transition happened.
  public func publishBreaker(handler: String, state: String, since: String, failures: Int)
    async throws(RedisError)
  {
    _ = try await client.send([
      "HSET", keys.breaker(handler: handler), "state", state, "since", since, "failures",
      String(failures),
    ]).throwingOnError()
  }
}
