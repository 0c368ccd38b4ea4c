/// One problem found in `routes.yaml`, pointing at the place an editor can jump to.
///
/// Messages never contain a secret's value: they name the key or the environment variable.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable, Equatable {
    /// The file cannot be loaded.
    case error
    /// The file loads, but something in it is probably not what was meant.
    case warning
  }

  public var file: String
  /// 1-based.
  public var line: Int
  /// 1-based, counted in Unicode scalars (as libyaml does).
  public var column: Int
  public var message: String
  public var severity: Severity

  public init(
    file: String, line: Int, column: Int, message: String, severity: Severity = .error
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.severity = severity
  }

  /// `file:line:col: message`, the form compilers use, so editors and CI annotate it.
  public var description: String {
    switch severity {
    case .error: "\(file):\(line):\(column): \(message)"
    case .warning: "\(file):\(line):\(column): warning: \(message)"
    }
  }
}

/// Why a configuration did not load: every error found in one pass, with the warnings found
/// alongside them, sorted by position.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [ConfigDiagnostic]

  public init(diagnostics: [ConfigDiagnostic]) {
    self.diagnostics = diagnostics
  }

  /// Only the diagnostics that stopped the load.
  public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

  /// One diagnostic a line, ready for a terminal.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension [ConfigDiagnostic] {
  /// By line, then column; diagnostics at the same place keep the order they were found in.
  func sortedByPosition() -> [ConfigDiagnostic] {
    enumerated()
      .sorted { lhs, rhs in
        (lhs.element.line, lhs.element.column, lhs.offset)
          < (rhs.element.line, rhs.element.column, rhs.offset)
      }
      .map(\.element)
  }
}
