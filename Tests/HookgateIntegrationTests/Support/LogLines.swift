/// Whether the gateway's JSON log has a line at `level` that contains every one of `texts`.
func logged(_ logs: String, level: String, containing texts: String...) -> Bool {
  let levelField = #""level":""# + level + #"""#
  return logs.split(separator: "\n").contains { line in
    line.contains(levelField) && texts.allSatisfy { line.contains($0) }
  }
}
