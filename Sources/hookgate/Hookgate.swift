import ArgumentParser

@main
struct Hookgate: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hookgate",
    abstract: "A webhook gateway: verify, dedupe, normalize and deliver provider webhooks.",
    subcommands: [
      Serve.self, Check.self, Sign.self, Replay.self, Explain.self, Pause.self, Resume.self,
    ])
}
