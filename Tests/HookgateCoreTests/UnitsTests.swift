import HookgateCore
import Testing

@Suite("Units: durations, sizes and rates")
struct UnitsTests {
  @Test(arguments: [
    ("250ms", Duration.milliseconds(250)),
    ("5s", .seconds(5)),
    ("2m", .seconds(120)),
    ("72h", .seconds(72 * 3600)),
    ("1d", .seconds(86_400)),
    ("1h30m", .seconds(5400)),
    ("1m30s500ms", .milliseconds(90_500)),
    ("1d12h", .seconds(36 * 3600)),
    (" 10s ", .seconds(10)),
  ])
  func durationParsesUnitsAndCompounds(text: String, expected: Duration) throws {
    #expect(try Units.duration(text) == expected)
  }

  @Test(arguments: [
    "", "0s", "0", "-5s", "5", "5x", "s", "1.5s", "30m1h", "1h1h", "5 s", "1h 30m",
    "99999999999999999999d", "106751991167301d",
  ])
  func durationRejectsMalformedZeroAndNegative(text: String) {
    #expect(throws: Units.ParseError.self) { try Units.duration(text) }
  }

  @Test func durationAllowsZeroOnlyWhenAsked() throws {
    #expect(try Units.duration("0s", allowZero: true) == .zero)
    #expect(try Units.duration("0", allowZero: true) == .zero)
    #expect(throws: Units.ParseError.self) { try Units.duration("-1s", allowZero: true) }
  }

  @Test func durationErrorQuotesTheTextAndTheExpectedForm() {
    #expect(throws: Units.ParseError.self) { try Units.duration("5mins") }
    do {
      _ = try Units.duration("5mins")
    } catch {
      #expect(error.description.hasPrefix("invalid duration '5mins': unknown unit 'mins'"))
      #expect(error.description.contains("250ms, 5s, 2m, 72h, 1d or 1h30m"))
    }
  }

  @Test(arguments: [
    ("1MiB", 1_048_576),
    ("512KiB", 524_288),
    ("1GiB", 1_073_741_824),
    ("1MB", 1_000_000),
    ("10KB", 10_000),
    ("2GB", 2_000_000_000),
    ("2048", 2048),
    ("100B", 100),
    ("4 KiB", 4096),
  ])
  func sizeParsesDecimalAndBinaryUnits(text: String, expected: Int) throws {
    #expect(try Units.size(text) == expected)
  }

  @Test(arguments: ["", "0", "0MiB", "-1KiB", "1.5MiB", "MiB", "1mb", "1K", "10 bytes"])
  func sizeRejectsMalformedAndZero(text: String) {
    #expect(throws: Units.ParseError.self) { try Units.size(text) }
  }

  @Test(arguments: [
    ("3/s", Rate(count: 3, per: .seconds(1))),
    ("500/m", Rate(count: 500, per: .seconds(60))),
    ("100/h", Rate(count: 100, per: .seconds(3600))),
    ("10000/d", Rate(count: 10_000, per: .seconds(86_400))),
  ])
  func rateParsesCountPerUnit(text: String, expected: Rate) throws {
    #expect(try Units.rate(text) == expected)
  }

  @Test(arguments: ["", "3", "0/s", "-3/s", "3/", "/s", "3/x", "3/2s", "1.5/s", "3/s/s"])
  func rateRejectsMalformedAndZero(text: String) {
    #expect(throws: Units.ParseError.self) { try Units.rate(text) }
  }
}
