import Yams

/// A source's `types:` map: provider type → normalized type, ahead of the built-in table
/// (`types: {"order.paid": sale.completed}`).
extension ConfigReader {
  func typeOverrides(_ node: Node, label: String) -> [String: String] {
    let context = "\(label) types"
    var result: [String: String] = [:]
    for entry in pairs(of: node, in: context) ?? [] {
      if entry.key.isEmpty {
        error("\(context) has an empty provider type", at: entry.keyNode)
        continue
      }
      guard let type = nonEmptyString(entry.value, "\(context) '\(entry.key)'") else { continue }
      // Routes match types with globs, so a `*` or a space in a name would make it
      // unmatchable by a literal and easy to mismatch by accident.
      if type.value.contains(where: { $0 == "*" || $0.isWhitespace }) {
        error(
          "\(context) '\(entry.key)' maps to '\(type.value)'; a normalized type has no"
            + " spaces or '*' (like sale.completed)", at: type.node)
        continue
      }
      result[entry.key] = type.value
    }
    return result
  }
}
