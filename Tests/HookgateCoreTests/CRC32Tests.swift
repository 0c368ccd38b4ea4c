import Testing

@testable import HookgateCore

@Suite("CRC-32 (zlib's)")
struct CRC32Tests {
  @Test func checkValueOfTheStandardTestString() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum(Array("123456789".utf8)) == 3_421_780_262)
  }

  @Test func emptyInputIsZero() {
    #expect(CRC32.checksum([UInt8]()) == 0)
  }

  @Test func fixtureBodyMatchesTheValueGzipComputed() {
    #expect(String(CRC32.checksum(PayPalFixtures.body)) == PayPalFixtures.text("event.crc32"))
  }

  @Test func knownValuesOfOtherInputs() {
    // zlib.crc32 in Python: b"a" -> 3904355907, b"The quick brown fox jumps over the lazy dog"
    // -> 1095738169 (0x414FA339).
    #expect(CRC32.checksum(Array("a".utf8)) == 3_904_355_907)
    #expect(
      CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
  }
}
