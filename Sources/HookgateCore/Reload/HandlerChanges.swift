/// What a reload does to the delivery side, by handler name: which dispatchers start, which
/// stop, and which are replaced so that their next job uses the new settings.
public struct HandlerChanges: Sendable, Equatable {
  /// In the new configuration only: a dispatcher starts.
  public var added: [String]
  /// In the old configuration only: its dispatcher stops reading; its jobs stay in Redis.
  public var removed: [String]
  /// In both, with different settings: the old dispatcher stops reading and finishes what it
  /// holds while a new one takes the next jobs.
  public var changed: [String]
  /// In both, with the same settings: its dispatcher keeps running untouched.
  public var unchanged: [String]

  /// Every list is sorted by name.
  ///
  /// `defaults` are compared too: a dispatcher may read settings from them that a
  /// ``Handler`` does not copy, and replacing a dispatcher costs nothing a user can see.
  public init(from old: GatewayConfig, to new: GatewayConfig) {
    let defaultsChanged = old.defaults != new.defaults
    added = new.handlers.keys.filter { old.handlers[$0] == nil }.sorted()
    removed = old.handlers.keys.filter { new.handlers[$0] == nil }.sorted()
    var changed: [String] = []
    var unchanged: [String] = []
    for (name, handler) in new.handlers {
      guard let previous = old.handlers[name] else { continue }
      if defaultsChanged || previous != handler {
        changed.append(name)
      } else {
        unchanged.append(name)
      }
    }
    self.changed = changed.sorted()
    self.unchanged = unchanged.sorted()
  }

  /// Names whose dispatcher must be started: the added and the changed handlers.
  public var starting: [String] { (added + changed).sorted() }
  /// Names whose running dispatcher must stop reading: the removed and the changed handlers.
  public var stopping: [String] { (removed + changed).sorted() }

  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}
