/// Whether the gateway's JSON log has a line at `level` whose text contains `text`.
func logged(_ logs: String, level: String, containing text: String) -> Bool {
  let levelField = #""level":""# + level + #"""#
  return logs.split(separator: "\n").contains { $0.contains(levelField) && $0.contains(text) }
}
