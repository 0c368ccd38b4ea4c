import Foundation
import HookgateCore
import HookgateDelivery

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Sends test requests over real HTTP with the gateway's own libcurl client.
struct TestHTTP: Sendable {
  static let shared = CurlHTTPClient()

  struct Reply: Sendable {
    var status: Int
    var body: [UInt8]
    var retryAfter: String?
    var json: JSONValue? { try? JSONParser.parse(body) }
  }

  func request(
    _ url: String, method: String = "POST", headers: [(name: String, value: String)] = [],
    body: [UInt8] = [],
    timeout: Duration = .seconds(10)
  ) async throws -> Reply {
    let outbound = OutboundRequest(
      method: method, url: url, headers: headers, body: body, timeout: timeout)
    switch await Self.shared.send(outbound) {
    case .success(let response):
      return Reply(
        status: response.status, body: response.bodyPrefix, retryAfter: response.retryAfter)
    case .failure(let failure):
      throw failure
    }
  }

  /// A whole response body: the curl client keeps only the first KiB, as delivery does.
  func fetch(_ url: String, headers: [String: String] = [:]) async throws -> (
    status: Int, body: [UInt8]
  ) {
    var request = URLRequest(url: URL(string: url)!)
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, Array(data))
  }

  func isListening(port: Int) async -> Bool {
    let probe = OutboundRequest(
      method: "GET", url: "http://127.0.0.1:\(port)/healthz", timeout: .seconds(1))
    if case .success = await Self.shared.send(probe) { return true }
    return false
  }
}
