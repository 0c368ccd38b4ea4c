import Testing

@testable import HookgateCore

private let envelopeBytes = Array(
  #"""
  {"id":"evt_71a111a3b1ebfa883bf77f5ebe62b2b3","type":"payment.succeeded",
   "payload":{"note":"line one
  line two"}}

  """#.utf8)

@Suite("DeliveryJob")
struct DeliveryJobTests {
  @Test func freshJobRoundTrips() throws {
    let job = DeliveryJob(
      eventID: "evt_71a111a3b1ebfa883bf77f5ebe62b2b3", handler: "loyalty-point",
      acceptedAtMilliseconds: 1_763_726_401_204, envelope: envelopeBytes)
    let decoded = try DeliveryJob(decoding: job.encoded())
    #expect(decoded == job)
    #expect(decoded.attempts == 0)
    #expect(decoded.lastError == nil)
  }

  @Test func lastErrorWithQuotesNewlinesAndBackslashesRoundTrips() throws {
    let job = DeliveryJob(
      eventID: "evt_1", handler: "invoice-conversion", attempts: 7,
      acceptedAtMilliseconds: 1_763_726_401_204,
      lastError: "HTTP 500: {\"error\":\"boom\"}\nstack:\r\n\tat C:\\app\u{1} ☕",
      envelope: envelopeBytes)
    let decoded = try DeliveryJob(decoding: job.encoded())
    #expect(decoded == job)
  }

  @Test func headerIsOneLineBeforeTheVerbatimEnvelope() throws {
    let job = DeliveryJob(
      eventID: "evt_1", handler: "h", attempts: 2, acceptedAtMilliseconds: 42,
      lastError: "a\nb", envelope: envelopeBytes)
    let blob = job.encoded()
    let newline = try #require(blob.firstIndex(of: 0x0A))
    #expect(Array(blob[(newline + 1)...]) == envelopeBytes)
    let header = try JSONParser.parse(blob[..<newline])
    #expect(header["event"] == .string("evt_1"))
    #expect(header["handler"] == .string("h"))
    #expect(header["attempts"] == .number("2"))
    #expect(header["accepted_at"] == .number("42"))
    #expect(header["error"] == .string("a\nb"))
  }

  @Test func emptyEnvelopeAndNegativeAcceptedAtRoundTrip() throws {
    let job = DeliveryJob(eventID: "e", handler: "h", acceptedAtMilliseconds: -5, envelope: [])
    #expect(try DeliveryJob(decoding: job.encoded()) == job)
  }

  @Test(arguments: [
    "",
    "no newline at all",
    "not json\n{}",
    "{\"event\":\"e\",\"handler\":\"h\",\"attempts\":0}\n{}",
    "{\"event\":\"e\",\"handler\":\"h\",\"accepted_at\":1}\n{}",
    "{\"event\":\"e\",\"attempts\":0,\"accepted_at\":1}\n{}",
    "{\"handler\":\"h\",\"attempts\":0,\"accepted_at\":1}\n{}",
    "{\"event\":1,\"handler\":\"h\",\"attempts\":0,\"accepted_at\":1}\n{}",
    "{\"event\":\"e\",\"handler\":\"h\",\"attempts\":1.5,\"accepted_at\":1}\n{}",
    "{\"event\":\"e\",\"handler\":\"h\",\"attempts\":0,\"accepted_at\":\"soon\"}\n{}",
    "[]\n{}",
    "{\"event\":\"e\"\n,\"handler\":\"h\",\"attempts\":0,\"accepted_at\":1}\n{}",
  ])
  func undecodableBlobThrows(_ blob: String) {
    #expect(throws: DeliveryJob.DecodingError.self) { try DeliveryJob(decoding: Array(blob.utf8)) }
  }

  @Test func binaryGarbageThrows() {
    #expect(throws: DeliveryJob.DecodingError.self) {
      try DeliveryJob(decoding: [0xFF, 0x00, 0x0A, 0x7B])
    }
  }
}
