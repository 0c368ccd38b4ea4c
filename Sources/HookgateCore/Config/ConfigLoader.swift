import Yams

/// A configuration that loaded, with what looked suspicious but did not stop it.
public struct LoadedConfig: Sendable {
  public var config: GatewayConfig
  public var warnings: [ConfigDiagnostic]

  public init(config: GatewayConfig, warnings: [ConfigDiagnostic] = []) {
    self.config = config
    self.warnings = warnings
  }
}

/// Turns the text of `routes.yaml` into a ``GatewayConfig``.
///
/// Pure: the caller reads the file and passes the environment, so tests need neither.
/// The YAML is composed into nodes that keep their positions and walked by hand (not
/// decoded with Codable) so that every problem carries `file:line:col`.
public enum ConfigLoader {
  static let topLevelKeys = ["version", "defaults", "tenants", "handlers", "routes"]

  /// - Parameters:
  ///   - file: the name diagnostics show, usually the path as the user gave it.
  ///   - environment: resolves `${VAR}` references in values.
  /// - Throws: every error found (and the warnings beside them), sorted by position.
  public static func load(yaml: String, file: String, environment: [String: String])
    throws(ConfigErrors) -> LoadedConfig
  {
    let reader = ConfigReader(file: file, environment: environment)
    let config = reader.gatewayConfig(yaml: yaml)
    let diagnostics = reader.diagnostics.sortedByPosition()
    if reader.errorCount > 0 { throw ConfigErrors(diagnostics: diagnostics) }
    return LoadedConfig(config: config, warnings: diagnostics)
  }

  /// One line for logs and `hookgate check`: "1 tenant, 3 sources, 3 handlers, 3 routes".
  public static func summary(of config: GatewayConfig) -> String {
    let sources = config.tenants.values.reduce(0) { $0 + $1.sources.count }
    return [
      counted(config.tenants.count, "tenant"), counted(sources, "source"),
      counted(config.handlers.count, "handler"), counted(config.routes.count, "route"),
    ].joined(separator: ", ")
  }

  private static func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}

extension ConfigReader {
  func gatewayConfig(yaml: String) -> GatewayConfig {
    var config = GatewayConfig()
    let root: Node
    do {
      // UTF-8 explicitly: Yams otherwise lets an environment variable pick the encoding.
      guard let composed = try Yams.compose(yaml: yaml, .default, .default, .utf8) else {
        report(
          "the file is empty; it needs at least 'version: 1'", severity: .error,
          line: 1, column: 1)
        return config
      }
      root = composed
    } catch {
      report(yamlError: error, in: yaml)
      return config
    }
    guard let top = entries(of: root, in: "the top level", allowed: ConfigLoader.topLevelKeys)
    else { return config }

    if let version = top["version"] {
      if let text = scalar(version.value, "version"), text.value != "1" {
        error(
          "unsupported version '\(text.value)'; this hookgate reads version 1",
          at: version.value)
      }
    } else {
      error("missing required key 'version' (write 'version: 1' at the top)", at: root)
    }
    if let defaults = top["defaults"] {
      config.defaults = self.defaults(from: defaults.value)
    }
    var declaredSources: [String: Set<String>] = [:]
    if let tenants = top["tenants"] {
      (config.tenants, declaredSources) = self.tenants(
        from: tenants.value, defaults: config.defaults)
    } else {
      warning("no tenants are defined, so every webhook will be answered 404", at: root)
    }
    var declaredHandlers: Set<String> = []
    if let handlers = top["handlers"] {
      (config.handlers, declaredHandlers) = self.handlers(
        from: handlers.value, defaults: config.defaults.delivery)
    }
    if let routes = top["routes"] {
      config.routes = self.routes(
        from: routes.value, handlers: declaredHandlers, sources: declaredSources,
        tenants: config.tenants)
    }
    return config
  }
}
