import Foundation

extension GatewayFixture {
  /// Runs `body` with a second gateway instance on the same routes file and Redis (the
  /// deployment with several replicas), and always stops it afterwards.
  func withSecondInstance<T>(_ body: (GatewayProcess) async throws -> T) async throws -> T {
    let second = try GatewayProcess(
      configYAML: try String(contentsOfFile: gateway.configPath, encoding: .utf8), redis: redis)
    try await second.start()
    do {
      let result = try await body(second)
      await second.terminate()
      return result
    } catch {
      await second.terminate()
      throw error
    }
  }
}
