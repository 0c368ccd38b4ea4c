import Foundation

/// Flag, then environment variable, then default: the precedence every option follows.
func setting(_ flag: String?, env name: String, default fallback: String) -> String {
  if let flag { return flag }
  if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
  return fallback
}

/// Prints to standard error; standard output is kept for a command's result.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
