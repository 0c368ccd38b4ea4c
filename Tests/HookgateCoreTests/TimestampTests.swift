import Testing

@testable import HookgateCore

struct EpochCase: Sendable, CustomTestStringConvertible {
  var value: Int64
  var text: String

  init(_ value: Int64, _ text: String) {
    self.value = value
    self.text = text
  }

  var testDescription: String { "\(value) → \(text)" }
}

@Suite("Timestamp")
struct TimestampTests {
  @Test(arguments: [
    EpochCase(0, "1970-01-01T00:00:00Z"),
    EpochCase(951_782_400, "2000-02-29T00:00:00Z"),
    EpochCase(951_868_799, "2000-02-29T23:59:59Z"),
    EpochCase(951_868_800, "2000-03-01T00:00:00Z"),
    EpochCase(1_763_726_400, "2025-11-21T12:00:00Z"),
    EpochCase(1_614_265_330, "2021-02-25T15:02:10Z"),
    EpochCase(4_107_542_400, "2100-03-01T00:00:00Z"),
    EpochCase(253_402_300_799, "9999-12-31T23:59:59Z"),
    EpochCase(-1, "1969-12-31T23:59:59Z"),
    EpochCase(-86_401, "1969-12-30T23:59:59Z"),
    EpochCase(-2_208_988_800, "1900-01-01T00:00:00Z"),
  ])
  func epochSecondsFormatAsRFC3339UTC(_ example: EpochCase) {
    #expect(Timestamp.rfc3339(epochSeconds: example.value) == example.text)
  }

  @Test(arguments: [
    EpochCase(0, "1970-01-01T00:00:00.000Z"),
    EpochCase(1_763_726_400_123, "2025-11-21T12:00:00.123Z"),
    EpochCase(1_763_726_401_204, "2025-11-21T12:00:01.204Z"),
    EpochCase(951_782_400_007, "2000-02-29T00:00:00.007Z"),
    EpochCase(-1, "1969-12-31T23:59:59.999Z"),
    EpochCase(-1000, "1969-12-31T23:59:59.000Z"),
    EpochCase(-1001, "1969-12-31T23:59:58.999Z"),
  ])
  func epochMillisecondsFormatWithThreeFractionalDigits(_ example: EpochCase) {
    #expect(Timestamp.rfc3339(epochMilliseconds: example.value) == example.text)
  }

  @Test func millisecondsWithoutFractionDropTheFraction() {
    #expect(
      Timestamp.rfc3339(epochMilliseconds: 1_763_726_400_999, fractional: false)
        == "2025-11-21T12:00:00Z")
    #expect(Timestamp.rfc3339(epochMilliseconds: -1, fractional: false) == "1969-12-31T23:59:59Z")
  }
}

/// Timestamps outside years 0000–9999. Stripe's `created` is a signed integer from the body,
/// so these values reach `Timestamp` from any sender holding a source's secret.
@Suite("Timestamp extremes")
struct TimestampExtremeTests {
  @Test func largestEpochSecondsFormatsWithoutCrashing() {
    #expect(Timestamp.rfc3339(epochSeconds: .max).hasSuffix("Z"))
    #expect(Timestamp.rfc3339(epochMilliseconds: .max).hasSuffix("Z"))
  }

  // Exit tests, so the trap ends a child process instead of the whole test run.
  @Test func mostNegativeEpochSecondsDoesNotCrash() async {
    await #expect(processExitsWith: .success) {
      _ = Timestamp.rfc3339(epochSeconds: .min)
    }
  }

  @Test func mostNegativeEpochMillisecondsDoesNotCrash() async {
    await #expect(processExitsWith: .success) {
      _ = Timestamp.rfc3339(epochMilliseconds: .min)
    }
  }

  @Test func yearBeforeZeroIsClampedToAValidRFC3339Date() {
    let text = Timestamp.rfc3339(epochSeconds: -62_198_755_200)  // 1 January of year -1
    #expect(text == "0000-01-01T00:00:00Z")
    #expect(Timestamp.rfc3339(epochSeconds: .max) == "9999-12-31T23:59:59Z")
  }
}
