import Foundation
import HookgateCore

/// Reads `routes.yaml` from disk and loads it against the process environment.
public enum ConfigFile {
  public static func load(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  )
    throws(ConfigErrors) -> LoadedConfig
  {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ConfigErrors(diagnostics: [
        ConfigDiagnostic(
          file: path, line: 1, column: 1,
          message: "cannot read the file: \(error.localizedDescription)", severity: .error)
      ])
    }
    return try ConfigLoader.load(yaml: text, file: path, environment: environment)
  }
}
