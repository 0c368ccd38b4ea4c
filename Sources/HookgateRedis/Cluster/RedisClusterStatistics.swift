/// Counts a cluster client keeps, for logs and metrics: how often the cluster's layout
/// changed under it and how it coped.
public struct RedisClusterStatistics: Sendable, Equatable {
  /// `MOVED` redirects followed (each also patched the slot map).
  public var movedFollowed = 0
  /// `ASK` redirects followed (a slot being migrated).
  public var askFollowed = 0
  /// Round trips sent again after `TRYAGAIN`, `CLUSTERDOWN` or a node that refused to connect.
  public var retries = 0
  /// Successful `CLUSTER SLOTS` refreshes of the whole map, the first one included.
  public var mapRefreshes = 0
  /// Primaries in the current map.
  public var primaries = 0

  public init() {}
}
