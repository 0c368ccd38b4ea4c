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
    return try load(text: text, path: path, environment: environment)
  }

  /// Loads `text`, read from `path` by the caller (a reload digests the bytes it loads).
  public static func load(
    text: String, path: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigErrors) -> LoadedConfig {
    var loaded = try ConfigLoader.load(yaml: text, file: path, environment: environment)
    resolveCertificateFiles(in: &loaded.config, relativeTo: path)
    return loaded
  }

  /// A relative `cert_file:` is relative to the routes file, as a reader of that file would
  /// expect, not to whatever directory the gateway was started from.
  static func resolveCertificateFiles(in config: inout GatewayConfig, relativeTo configPath: String)
  {
    let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent()
    for (tenantName, tenant) in config.tenants {
      for (sourceName, source) in tenant.sources {
        guard let file = source.certFile, !file.hasPrefix("/") else { continue }
        config.tenants[tenantName]?.sources[sourceName]?.certFile =
          directory.appendingPathComponent(file).standardizedFileURL.path
      }
    }
  }
}
