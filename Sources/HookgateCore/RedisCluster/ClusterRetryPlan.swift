/// What a cluster client does after one round trip of a pipeline: which commands to send
/// again, and where. Pure, so the redirect rules are tested without a cluster; the client acts
/// on the decision.
public struct ClusterRetryPlan: Sendable, Equatable {
  public enum Step: Sendable, Equatable {
    /// Every command has its answer.
    case done
    /// `MOVED`: patch the map (the slot lives on `to`), refresh it in the background, send
    /// the rest to the new owner.
    case follow(slot: Int, to: RedisNodeAddress)
    /// `ASK`: send the rest to `to`, each command preceded by `ASKING`; the map stays.
    case ask(to: RedisNodeAddress)
    /// `TRYAGAIN` / `CLUSTERDOWN`: wait, then send the rest again to the slot's owner (after
    /// refreshing the map first when `refreshMap`, since the cluster is failing over).
    case retry(after: Duration, refreshMap: Bool)
    /// The bound on redirects and retries is reached: the redirect error replies stand as the
    /// commands' answers.
    case giveUp
  }

  /// Indices (into the whole pipeline) of the commands to send again, in pipeline order.
  public var resend: [Int]
  public var step: Step

  /// At most this many round trips after the first for one call, redirects and retries alike.
  public static let maxRedirects = 5

  /// Waits before retry `attempt` (1-based): 25 ms doubling, at most 400 ms.
  public static func backoff(attempt: Int) -> Duration {
    .milliseconds(25 << min(max(attempt - 1, 0), 4))
  }

  /// - Parameters:
  ///   - sent: indices of the commands sent in this round, in order.
  ///   - redirects: per sent command, its reply parsed as a redirect, or nil when the reply is
  ///     the command's own answer.
  ///   - keyless: per command of the whole pipeline, whether it names no key. Those ride
  ///     along with the keyed ones (`WAIT` after a script counts that connection's writes), so
  ///     they are sent again whenever a keyed command is.
  ///   - attempt: how many rounds came before this one.
  public init(sent: [Int], redirects: [ClusterRedirect?], keyless: [Bool], attempt: Int) {
    let redirected = zip(sent, redirects).filter { $0.1 != nil }
    guard !redirected.isEmpty else {
      self.init(resend: [], step: .done)
      return
    }
    let anyKeyedRedirected = redirected.contains { !keyless[$0.0] }
    let resend = sent.filter { index in
      redirected.contains { $0.0 == index } || (anyKeyedRedirected && keyless[index])
    }
    guard attempt < Self.maxRedirects else {
      self.init(resend: redirected.map(\.0), step: .giveUp)
      return
    }
    // A moved slot outranks the rest: the node no longer serves it, whatever else it said.
    let kinds = redirected.compactMap(\.1)
    let step: Step
    if case .moved(let slot, let to) = kinds.first(where: {
      if case .moved = $0 { true } else { false }
    }) {
      step = .follow(slot: slot, to: to)
    } else if case .ask(_, let to) = kinds.first(where: {
      if case .ask = $0 { true } else { false }
    }) {
      step = .ask(to: to)
    } else {
      step = .retry(
        after: Self.backoff(attempt: attempt + 1), refreshMap: kinds.contains(.clusterDown))
    }
    self.init(resend: resend, step: step)
  }

  public init(resend: [Int], step: Step) {
    self.resend = resend
    self.step = step
  }
}
