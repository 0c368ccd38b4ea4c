import Testing

@testable import HookgateCore

@Suite("DeliveryJob ordering header")
struct DeliveryJobOrderingTests {
  @Test func orderKeyAndSequenceRoundTrip() throws {
    let job = DeliveryJob(
      eventID: "evt_1", handler: "reservation-status", attempts: 2,
      acceptedAtMilliseconds: 1_763_726_401_204, lastError: "HTTP 500",
      orderKey: "RES-42 \"quoted\"", sequence: 7, envelope: Array("{}\n".utf8))
    #expect(try DeliveryJob(decoding: job.encoded()) == job)
  }

  @Test func unorderedJobHasNeitherField() throws {
    let blob = DeliveryJob(eventID: "e", handler: "h", acceptedAtMilliseconds: 1, envelope: [])
      .encoded()
    let header = try JSONParser.parse(blob[..<blob.firstIndex(of: 0x0A)!])
    #expect(header["key"] == nil)
    #expect(header["seq"] == nil)
  }

  /// What the accept and revive scripts do: insert `"seq":N,` after the header's `{`.
  @Test func sequenceInsertedByRedisAtTheFrontDecodes() throws {
    let job = DeliveryJob(
      eventID: "e", handler: "h", acceptedAtMilliseconds: 1, orderKey: "R1",
      envelope: Array("{\"id\":\"e\"}".utf8))
    let blob = job.encoded()
    #expect(blob.first == UInt8(ascii: "{"))
    let sequenced = Array("{\"seq\":12,".utf8) + blob.dropFirst()
    let decoded = try DeliveryJob(decoding: sequenced)
    #expect(decoded.sequence == 12)
    #expect(decoded.orderKey == "R1")
    #expect(decoded.envelope == job.envelope)
  }

  @Test(arguments: ["0", "-1", "1.5", "\"x\"", "null"])
  func badSequenceIsRefused(_ seq: String) {
    let blob =
      "{\"seq\":\(seq),\"event\":\"e\",\"handler\":\"h\",\"attempts\":0,\"accepted_at\":1}\n{}"
    #expect(throws: DeliveryJob.DecodingError.self) { try DeliveryJob(decoding: Array(blob.utf8)) }
  }
}

@Suite("order_by key of an envelope")
struct OrderKeyTests {
  private func envelope(data: JSONValue) -> Envelope {
    Envelope(
      tenant: "acme", source: "stripe", provider: .stripe,
      event: NormalizedEvent(
        providerEventID: "evt_1", providerType: "charge.failed", type: "payment.failed",
        data: data),
      receivedAtMilliseconds: 0, payload: Array("{}".utf8))
  }

  private let handler = Handler(
    name: "reservation-status", url: "http://x", secret: Secret("s"), orderBy: "data.reference")

  @Test func referenceOrdersTheEvent() {
    #expect(handler.orderKey(of: envelope(data: .object([("reference", .string("R1"))]))) == "R1")
  }

  @Test func missingEmptyOrStructuredValueLeavesTheEventUnordered() {
    #expect(handler.orderKey(of: envelope(data: .object([]))) == nil)
    #expect(handler.orderKey(of: envelope(data: .object([("reference", .string(""))]))) == nil)
    #expect(handler.orderKey(of: envelope(data: .object([("reference", .array([]))]))) == nil)
  }

  @Test func unorderedHandlerHasNoKey() {
    var plain = handler
    plain.orderBy = nil
    #expect(plain.orderKey(of: envelope(data: .object([("reference", .string("R1"))]))) == nil)
  }

  @Test func longValueIsHashedToABoundedKey() throws {
    let long = String(repeating: "x", count: 5000)
    let key = try #require(
      handler.orderKey(of: envelope(data: .object([("reference", .string(long))]))))
    #expect(key.hasPrefix("sha256:"))
    #expect(key.utf8.count == 7 + 64)
  }
}

@Suite("Attempt record")
struct AttemptRecordTests {
  @Test func encodesTheSharedContractFields() throws {
    let record = AttemptRecord(
      eventID: "evt_1", handler: "loyalty", attempt: 2, atMilliseconds: 1_763_726_401_204,
      status: 500, latencyMilliseconds: 37, error: "HTTP 500", response: Array("oops".utf8),
      outcome: .retry)
    let json = try JSONParser.parse(record.encoded())
    #expect(json["handler"] == .string("loyalty"))
    #expect(json["attempt"] == .number("2"))
    #expect(json["at"] == .string("2025-11-21T12:00:01.204Z"))
    #expect(json["status"] == .number("500"))
    #expect(json["latency_ms"] == .number("37"))
    #expect(json["error"] == .string("HTTP 500"))
    #expect(json["response"] == .string("oops"))
    #expect(json["outcome"] == .string("retry"))
    #expect(json["event"] == nil)
  }

  @Test func noResponseIsNullStatusAndErrorlessDeliveryIsNullError() throws {
    let failed = try JSONParser.parse(
      AttemptRecord(
        eventID: "e", handler: "h", attempt: 1, atMilliseconds: 0, status: nil,
        latencyMilliseconds: 5000, error: "timeout: too slow", response: [], outcome: .dead
      ).encoded())
    #expect(failed["status"] == .null)
    #expect(failed["response"] == .string(""))
    let delivered = try JSONParser.parse(
      AttemptRecord(
        eventID: "e", handler: "h", attempt: 1, atMilliseconds: 0, status: 204,
        latencyMilliseconds: 3, error: nil, response: [], outcome: .delivered
      ).encoded())
    #expect(delivered["error"] == .null)
  }

  @Test func responseIsCutAtOneKiBAndInvalidUTF8StaysValidJSON() throws {
    let body = Array(repeating: UInt8(ascii: "a"), count: 1023) + [0xE2, 0x82, 0xAC, 0xFF]
    let record = AttemptRecord(
      eventID: "e", handler: "h", attempt: 1, atMilliseconds: 0, status: 200,
      latencyMilliseconds: 1, error: nil, response: body, outcome: .delivered)
    #expect(record.response.count == 1024)
    let json = try JSONParser.parse(record.encoded())
    let text = try #require(json["response"]?.stringValue)
    #expect(text.hasPrefix(String(repeating: "a", count: 1023)))
    #expect(text.count == 1024)  // 1023 letters and one replacement character
  }
}

@Suite("replay --since/--until times")
struct ReplayTimeTests {
  let now: Int64 = 1_763_900_000_000

  @Test func rfc3339IsAnInstant() throws {
    #expect(
      try ReplayTime.epochMilliseconds("2025-11-21T12:00:01.204Z", nowMilliseconds: now)
        == 1_763_726_401_204)
    #expect(
      try ReplayTime.epochMilliseconds("2025-11-21T14:00:01+02:00", nowMilliseconds: now)
        == 1_763_726_401_000)
  }

  @Test func durationIsThatLongBeforeNow() throws {
    #expect(try ReplayTime.epochMilliseconds("2h", nowMilliseconds: now) == now - 7_200_000)
    #expect(try ReplayTime.epochMilliseconds("1d12h", nowMilliseconds: now) == now - 129_600_000)
    #expect(try ReplayTime.epochMilliseconds("0", nowMilliseconds: now) == now)
  }

  @Test(arguments: ["", "yesterday", "2h ago", "-2h", "2025-13-01T00:00:00Z", "12:00", "30m1h"])
  func nonsenseIsRefused(_ text: String) {
    #expect(throws: ReplayTime.ParseError.self) {
      try ReplayTime.epochMilliseconds(text, nowMilliseconds: now)
    }
  }

  @Test func badDateSaysHowToWriteOne() {
    #expect {
      try ReplayTime.epochMilliseconds("2025-11-31T00:00:00Z", nowMilliseconds: now)
    } throws: { error in
      (error as? ReplayTime.ParseError)?.description.contains("RFC 3339") == true
    }
  }

  @Test func deadLetterIDsCarryTheirBurialTime() {
    #expect(ReplayTime.milliseconds(ofStreamID: "1763726401204-3") == 1_763_726_401_204)
    #expect(ReplayTime.milliseconds(ofStreamID: "garbage") == nil)
  }
}

@Suite("defaults.attempt_log_ttl")
struct AttemptLogTTLConfigTests {
  private let base =
    "version: 1\ntenants:\n  t:\n    sources:\n      s: {provider: github, secrets: [k]}\n"

  @Test func defaultsToSevenDays() throws {
    let loaded = try ConfigLoader.load(yaml: base, file: "routes.yaml", environment: [:])
    #expect(loaded.config.defaults.attemptLogTTL == .seconds(7 * 86_400))
  }

  @Test func takesADuration() throws {
    let loaded = try ConfigLoader.load(
      yaml: base + "defaults:\n  attempt_log_ttl: 36h\n", file: "routes.yaml", environment: [:])
    #expect(loaded.config.defaults.attemptLogTTL == .seconds(36 * 3600))
  }

  @Test func refusesNonsenseWithItsLine() {
    #expect {
      try ConfigLoader.load(
        yaml: base + "defaults:\n  attempt_log_ttl: forever\n", file: "routes.yaml",
        environment: [:])
    } throws: { error in
      "\(error)".contains("routes.yaml:7:") && "\(error)".contains("attempt_log_ttl")
    }
  }
}
