import ArgumentParser
import HookgateCore
import HookgateServer

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a routes file: prints file:line:col: message lines and exits 1 on errors.")

  @Argument(help: "The routes file (default: env HOOKGATE_CONFIG, else routes.yaml).")
  var file: String?

  func run() throws {
    let path = setting(file, env: "HOOKGATE_CONFIG", default: "routes.yaml")
    do {
      let loaded = try ConfigFile.load(path: path)
      for warning in loaded.warnings { print(warning.description) }
      print("\(path): ok: \(ConfigLoader.summary(of: loaded.config))")
    } catch {
      print(error.description)
      throw ExitCode(1)
    }
  }
}
