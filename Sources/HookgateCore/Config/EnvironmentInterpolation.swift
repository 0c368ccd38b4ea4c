/// `${VAR}` and `${VAR:-default}` in `routes.yaml` values, so secrets and per-deployment URLs
/// live in the environment and never in the file.
///
/// - `${VAR}` is required: an unset variable is an error naming it.
/// - `${VAR:-default}` takes `default` (possibly empty, possibly holding references itself)
///   when VAR is unset or empty, as in the shell.
/// - `$` not followed by `{` is literal, so JSONPaths (`$.id`) need no escaping; `$$` is not
///   an escape either.
public enum EnvironmentInterpolation {
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
      case unsetVariable(String)
      /// `${` with no matching `}`; the offset counts Unicode scalars from 0.
      case unterminated(offset: Int)
      /// `${…}` that is neither `${NAME}` nor `${NAME:-default}`.
      case invalidReference(offset: Int)

      // The text between the braces is never quoted: it could be a pasted secret.
      public var description: String {
        switch self {
        case .unsetVariable(let name):
          "environment variable \(name) is not set"
        case .unterminated(let offset):
          "'${' at character \(offset + 1) has no closing '}'"
        case .invalidReference(let offset):
          "the reference at character \(offset + 1) is not ${NAME} or ${NAME:-default}"
            + " (NAME made of letters, digits and '_')"
        }
      }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
      self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
  }

  /// Whether the text holds a `${` reference, i.e. whether its value may come from the
  /// environment.
  public static func containsReference(_ text: String) -> Bool {
    text.contains("${")
  }

  /// The text with every reference replaced; every problem in the text is reported at once.
  public static func interpolate(_ text: String, environment: [String: String])
    throws(Failure) -> String
  {
    var expander = Expander(scalars: Array(text.unicodeScalars), environment: environment)
    let result = expander.expand(0..<expander.scalars.count)
    if !expander.problems.isEmpty { throw Failure(problems: expander.problems) }
    return result
  }
}

private struct Expander {
  let scalars: [Unicode.Scalar]
  let environment: [String: String]
  var problems: [EnvironmentInterpolation.Failure.Problem] = []

  init(scalars: [Unicode.Scalar], environment: [String: String]) {
    self.scalars = scalars
    self.environment = environment
  }

  mutating func expand(_ range: Range<Int>) -> String {
    var output = String.UnicodeScalarView()
    var index = range.lowerBound
    while index < range.upperBound {
      guard opensReference(at: index, before: range.upperBound) else {
        output.append(scalars[index])
        index += 1
        continue
      }
      let nameStart = index + 2
      var nameEnd = nameStart
      while nameEnd < range.upperBound, isNameScalar(scalars[nameEnd]) { nameEnd += 1 }
      let name = String(String.UnicodeScalarView(scalars[nameStart..<nameEnd]))
      let validName = !name.isEmpty && !(name.first?.isNumber ?? true)
      guard nameEnd < range.upperBound else {
        problems.append(.unterminated(offset: index))
        return String(output)
      }
      if scalars[nameEnd] == "}", validName {
        if let value = environment[name] {
          output.append(contentsOf: value.unicodeScalars)
        } else {
          problems.append(.unsetVariable(name))
        }
        index = nameEnd + 1
        continue
      }
      guard let close = closingBrace(from: nameEnd, before: range.upperBound) else {
        problems.append(.unterminated(offset: index))
        return String(output)
      }
      let hasDefault =
        nameEnd + 1 < close && scalars[nameEnd] == ":" && scalars[nameEnd + 1] == "-"
      guard hasDefault, validName else {
        problems.append(.invalidReference(offset: index))
        index = close + 1
        continue
      }
      if let value = environment[name], !value.isEmpty {
        output.append(contentsOf: value.unicodeScalars)
      } else {
        // Expanded only when used, so an unset variable in an unused default is fine.
        output.append(contentsOf: expand((nameEnd + 2)..<close).unicodeScalars)
      }
      index = close + 1
    }
    return String(output)
  }

  private func opensReference(at index: Int, before end: Int) -> Bool {
    scalars[index] == "$" && index + 1 < end && scalars[index + 1] == "{"
  }

  /// The `}` closing the reference whose body starts at `start`, skipping nested `${…}`
  /// in a default.
  private func closingBrace(from start: Int, before end: Int) -> Int? {
    var depth = 0
    var index = start
    while index < end {
      if opensReference(at: index, before: end) {
        depth += 1
        index += 2
        continue
      }
      if scalars[index] == "}" {
        if depth == 0 { return index }
        depth -= 1
      }
      index += 1
    }
    return nil
  }

  private func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      || ("0"..."9").contains(scalar)
  }
}
