import Foundation

/// Runs the hookgate binary to completion; returns what it printed (stdout and stderr) and its
/// exit status.
func runHookgateWithStatus(
  _ arguments: [String], environment: [String: String] = TestConfig.secrets
) async throws -> (output: String, status: Int32) {
  let process = Process()
  process.executableURL = GatewayProcess.binary
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let output = makeTemporaryDirectory("cli").appendingPathComponent("output.txt")
  FileManager.default.createFile(atPath: output.path, contents: nil)
  let handle = try FileHandle(forWritingTo: output)
  process.standardOutput = handle
  process.standardError = handle
  try process.run()
  await process.waitForExit(timeout: .seconds(30))
  try handle.close()
  return (try String(contentsOf: output, encoding: .utf8), process.terminationStatus)
}

/// Runs the hookgate binary to completion and returns what it printed.
func runHookgate(_ arguments: [String], environment: [String: String] = TestConfig.secrets)
  async throws -> String
{
  try await runHookgateWithStatus(arguments, environment: environment).output
}
