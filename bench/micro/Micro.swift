// The ingress's pure stages on bench/run's own request, timed in-process: a figure that
// moves by a few percent when the code does, where a whole-system run on this box moves by
// 15 % between two runs of one build. Compiled by `bench/micro/run` together with the
// HookgateCore sources (as bench/fuzz does), so it needs no SwiftPM build.
//
// Each stage runs in rounds of `iterations` calls; the figure is the median round's time per
// call. Stages are interleaved round by round, so a slow stretch of the machine hits all of
// them alike.

import Foundation

@main
struct Micro {
  static func main() throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2 else {
      FileHandle.standardError.write(Data("usage: micro BODY_FILE [ROUNDS]\n".utf8))
      exit(2)
    }
    let body = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
    let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 31 : 31
    let fixture = Fixture(body: body)
    var times: [String: [Double]] = [:]
    let stages = fixture.stages()
    for _ in 0..<rounds {
      for stage in stages {
        times[stage.name, default: []].append(stage.measure())
      }
    }
    for stage in stages {
      let sorted = times[stage.name]!.sorted()
      print(stage.name, String(format: "%.0f", sorted[sorted.count / 2]))
    }
  }
}

struct Stage {
  let name: String
  let iterations: Int
  let body: () -> Int

  /// Nanoseconds per call in one round.
  func measure() -> Double {
    var sink = 0
    let started = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { sink &+= body() }
    let elapsed = DispatchTime.now().uptimeNanoseconds - started
    if sink == 42 { print("") }  // keeps the optimizer from dropping the work
    return Double(elapsed) / Double(iterations)
  }
}

/// bench/routes.bench.yaml's tenant t1, its Stripe source and its routes.
struct Fixture {
  let body: [UInt8]
  let request: InboundRequest
  let source: Source
  let verifier: StripeVerifier
  let normalizer: any EventNormalizer
  let router: EventRouter
  let now: Date

  init(body: [UInt8]) {
    self.body = body
    let secret = "whsec_micro"
    now = Date()
    let header = StripeVerifier.signatureHeader(
      secret: secret, timestamp: Int64(now.timeIntervalSince1970), body: body)
    request = InboundRequest(
      headers: HeaderFields([
        (name: "content-type", value: "application/json; charset=utf-8"),
        (name: "stripe-signature", value: header),
      ]), body: body)
    source = Source(tenant: "t1", name: "stripe", provider: .stripe, secrets: [Secret(secret)])
    verifier = StripeVerifier(secrets: source.secrets, tolerance: .seconds(300))
    normalizer = Normalizers.make(for: source)
    router = EventRouter(routes: [
      Route(
        name: "charges", match: RouteMatch(types: [Glob("payment.succeeded")]),
        to: ["loyalty", "invoices"]),
      Route(
        name: "refunds", match: RouteMatch(types: [Glob("payment.refunded")]),
        to: ["loyalty", "reservations", "invoices"]),
      Route(name: "invoices", match: RouteMatch(types: [Glob("invoice.paid")]), to: ["loyalty"]),
    ])
  }

  func stages() -> [Stage] {
    let payload = try! JSONParser.parse(body)
    let event = try! normalizer.normalize(request, payload: payload).get()[0]
    let envelope = Envelope(
      tenant: source.tenant, source: source.name, provider: source.provider, event: event,
      receivedAtMilliseconds: 1_763_726_400_000, payload: body)
    return [
      Stage(name: "verify", iterations: 2000) {
        guard case .success(let verified) = verifier.verify(request, now: now) else {
          fatalError("the fixture's signature does not verify")
        }
        return verified.secretIndex
      },
      Stage(name: "parse", iterations: 2000) {
        guard case .object(let members) = try! JSONParser.parse(body) else { return 0 }
        return members.count
      },
      Stage(name: "normalize", iterations: 2000) {
        try! normalizer.normalize(request, payload: payload).get().count
      },
      Stage(name: "envelope", iterations: 2000) {
        Envelope(
          tenant: source.tenant, source: source.name, provider: source.provider, event: event,
          receivedAtMilliseconds: 1_763_726_400_000, payload: body
        ).encoded().count
      },
      Stage(name: "route", iterations: 20000) { router.handlers(for: envelope).count },
      Stage(name: "all", iterations: 1000) { all() },
    ]
  }

  /// What WebhookIngress does before the Redis round trip.
  func all() -> Int {
    guard case .success = verifier.verify(request, now: now) else { fatalError("verify") }
    let payload = try! JSONParser.parse(request.body)
    var bytes = 0
    for event in try! normalizer.normalize(request, payload: payload).get() {
      let envelope = Envelope(
        tenant: source.tenant, source: source.name, provider: source.provider, event: event,
        receivedAtMilliseconds: 1_763_726_400_000, payload: request.body)
      bytes += envelope.encoded().count + router.handlers(for: envelope).count
    }
    return bytes
  }
}
