import Yams

extension ConfigReader {
  /// A YAML syntax error becomes one diagnostic at the place libyaml stopped; nothing
  /// after it can be trusted, so it is the only one.
  func report(yamlError: any Error, in yaml: String) {
    guard let yamlError = yamlError as? YamlError else {
      report("cannot read the YAML: \(yamlError)", severity: .error, line: 1, column: 1)
      return
    }
    switch yamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "YAML syntax error: \(problem)"
      if let context {
        message +=
          " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
      }
      report(message, severity: .error, line: mark.line, column: mark.column)
    case .reader(let problem, let offset, _, _):
      let (line, column) = offset.map { position(ofCharacter: $0, in: yaml) } ?? (1, 1)
      report(
        "cannot read the file as text: \(problem)", severity: .error, line: line,
        column: column)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      report(
        "duplicate key \(keys) in one mapping: each key may appear once",
        severity: .error, line: context.mark.line, column: context.mark.column)
    default:
      report("cannot read the YAML: \(yamlError)", severity: .error, line: 1, column: 1)
    }
  }

  /// 1-based line and column of the character at `offset`, columns in Unicode scalars like
  /// libyaml's marks.
  private func position(ofCharacter offset: Int, in text: String) -> (Int, Int) {
    var line = 1
    var column = 1
    for character in text.prefix(offset) {
      if character == "\n" || character == "\r\n" {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
    }
    return (line, column)
  }
}
