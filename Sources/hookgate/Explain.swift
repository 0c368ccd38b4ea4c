import ArgumentParser
import Foundation
import HookgateCore
import HookgateServer

struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the envelopes a payload would become and the routes and handlers they reach.",
    discussion: """
      Sends nothing and touches no Redis. The signature is not checked unless --verify is given
      (with --headers, lines of `Name: value`, e.g. the output of `hookgate sign`).
      Example:
        hookgate explain --tenant acme --source stripe Tests/Fixtures/stripe-charge-succeeded.json
      """)

  @Option(help: "The routes file (default: env HOOKGATE_CONFIG, else routes.yaml).")
  var config: String?

  @Option(help: "The tenant, as in /webhooks/TENANT/SOURCE.")
  var tenant: String

  @Option(help: "The source, as in /webhooks/TENANT/SOURCE.")
  var source: String

  @Option(help: "A file of request headers, one `Name: value` a line.")
  var headers: String?

  @Flag(help: "Check the signature with the source's verifier and print the result.")
  var verify = false

  @Argument(help: "The payload file, read byte for byte.")
  var file: String

  func run() throws {
    let path = setting(config, env: "HOOKGATE_CONFIG", default: "routes.yaml")
    let loaded: LoadedConfig
    do {
      loaded = try ConfigFile.load(path: path)
    } catch {
      printError(error.description)
      throw ExitCode(1)
    }
    for warning in loaded.warnings { printError(warning.description) }
    guard let source = loaded.config.tenants[tenant]?.sources[self.source] else {
      try fail("unknown_source: no source \"\(self.source)\" for tenant \"\(tenant)\" in \(path)")
    }
    guard let body = FileManager.default.contents(atPath: file) else {
      try fail("cannot read \(file)")
    }
    let request = InboundRequest(headers: try readHeaders(), body: Array(body))
    let now = Date()
    let verified = verify ? checkSignature(source: source, request: request, now: now) : true
    if !verify { print("signature: not checked (use --verify with --headers to check it)") }

    let payload: JSONValue
    do {
      payload = try JSONParser.parse(request.body)
    } catch {
      try fail(NormalizationFailure.notJSON(error.description))
    }
    let events: [NormalizedEvent]
    switch Normalizers.make(for: source).normalize(request, payload: payload) {
    case .success(let normalized): events = normalized
    case .failure(let failure): try fail(failure)
    }
    printRouting(
      events, source: source, router: EventRouter(routes: loaded.config.routes),
      body: request.body, now: now)
    if !verified { throw ExitCode(1) }
  }

  /// Prints the verifier's answer; false when the ingress would refuse the request.
  private func checkSignature(source: Source, request: InboundRequest, now: Date) -> Bool {
    if source.provider == .paypal {
      print(
        "signature: not checked: PayPal verification needs PayPal's signing certificate;"
          + " test it against `hookgate serve`")
      return true
    }
    switch Verifiers.make(for: source).verify(request, now: now) {
    case .success(let result):
      print("signature: ok (secret #\(result.secretIndex + 1))")
      return true
    case .failure(let failure):
      print("signature: refused: \(failure.reason): \(failure.message)")
      print("(the gateway would answer 401 and route nothing; routing shown as if it had passed)")
      return false
    }
  }

  private func printRouting(
    _ events: [NormalizedEvent], source: Source, router: EventRouter, body: [UInt8], now: Date
  ) {
    if events.isEmpty { print("events: none (the body carries no events)") }
    let receivedAt = Int64(now.timeIntervalSince1970 * 1000)
    for (index, event) in events.enumerated() {
      let envelope = Envelope(
        tenant: source.tenant, source: source.name, provider: source.provider, event: event,
        receivedAtMilliseconds: receivedAt, payload: body)
      let routes = router.matchingRoutes(for: envelope).map(\.name)
      let handlers = router.handlers(for: envelope)
      print("")
      print("envelope \(index + 1) of \(events.count):")
      print(String(decoding: envelope.encoded(), as: UTF8.self))
      print("type: \(envelope.type)")
      print("routes: \(routes.isEmpty ? "(none)" : routes.joined(separator: ", "))")
      for route in router.routes {
        let verdict = EventRouter.mismatch(route.match, envelope).map { "no: \($0)" } ?? "matched"
        print("  route \(route.name): \(verdict)")
      }
      print(
        "handlers: "
          + (handlers.isEmpty
            ? "(none: recorded as unrouted)" : handlers.joined(separator: ", ")))
    }
  }

  private func readHeaders() throws -> HeaderFields {
    guard let headers else { return HeaderFields([]) }
    guard let data = FileManager.default.contents(atPath: headers) else {
      try fail("cannot read \(headers)")
    }
    var fields: [(name: String, value: String)] = []
    let lines = String(decoding: data, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    for (number, rawLine) in lines.enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
        try fail("\(headers):\(number + 1): expected `Name: value`")
      }
      fields.append(
        (
          name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
          value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        ))
    }
    return HeaderFields(fields)
  }

  private func fail(_ failure: NormalizationFailure) throws -> Never {
    try fail("\(failure.reason): \(failure.message)")
  }

  private func fail(_ message: String) throws -> Never {
    printError("error: \(message)")
    throw ExitCode(1)
  }
}
