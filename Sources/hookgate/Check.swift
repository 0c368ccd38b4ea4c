import ArgumentParser
import HookgateCore
import HookgateServer

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a routes file: prints file:line:col: message lines and exits 1 on errors.",
    discussion: """
      With --against OLD, also prints what the change from OLD adds (+), removes (-) and
      alters (~) in sources, handlers and routes; secret values are never shown. The exit
      status still only says whether FILE is valid.
      """)

  @Argument(help: "The routes file (default: env HOOKGATE_CONFIG, else routes.yaml).")
  var file: String?

  @Option(help: "A previous routes file to compare FILE with (e.g. the one deployed).")
  var against: String?

  func run() throws {
    let path = setting(file, env: "HOOKGATE_CONFIG", default: "routes.yaml")
    let loaded: LoadedConfig
    do {
      loaded = try ConfigFile.load(path: path)
    } catch {
      print(error.description)
      throw ExitCode(1)
    }
    for warning in loaded.warnings { print(warning.description) }
    print("\(path): ok: \(ConfigLoader.summary(of: loaded.config))")
    if let against { printChanges(from: against, to: loaded.config) }
  }

  /// An OLD that does not load is reported, not failed on: FILE's validity is the verdict.
  private func printChanges(from oldPath: String, to config: GatewayConfig) {
    do {
      let old = try ConfigFile.load(path: oldPath)
      print("changes from \(oldPath):")
      print(ConfigDiff(from: old.config, to: config).description)
    } catch {
      print("cannot compare with \(oldPath), which does not load:")
      print(error.description)
    }
  }
}
