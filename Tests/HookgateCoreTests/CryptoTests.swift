import Testing

@testable import HookgateCore

struct HMACCase: Sendable, CustomTestStringConvertible {
  var name: String
  var key: [UInt8]
  var message: [UInt8]
  var hex: String

  var testDescription: String { name }
}

/// RFC 4231 section 4 (HMAC-SHA-256 results; test case 5 truncates, so it is left out).
private let rfc4231: [HMACCase] = [
  HMACCase(
    name: "RFC 4231 test case 1", key: Array(repeating: 0x0b, count: 20),
    message: Array("Hi There".utf8),
    hex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
  HMACCase(
    name: "RFC 4231 test case 2", key: Array("Jefe".utf8),
    message: Array("what do ya want for nothing?".utf8),
    hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
  HMACCase(
    name: "RFC 4231 test case 3", key: Array(repeating: 0xaa, count: 20),
    message: Array(repeating: 0xdd, count: 50),
    hex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
  HMACCase(
    name: "RFC 4231 test case 4", key: Array(1...25), message: Array(repeating: 0xcd, count: 50),
    hex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
  HMACCase(
    name: "RFC 4231 test case 6", key: Array(repeating: 0xaa, count: 131),
    message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
    hex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
  HMACCase(
    name: "RFC 4231 test case 7", key: Array(repeating: 0xaa, count: 131),
    message: Array(
      ("This is a test using a larger than block-size key and a larger than block-size data."
        + " The key needs to be hashed before being used by the HMAC algorithm.").utf8),
    hex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
  HMACCase(
    name: "empty key and message (openssl dgst -hmac '')", key: [], message: [],
    hex: "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
]

@Suite("Crypto")
struct CryptoTests {
  @Test(arguments: rfc4231)
  func hmacSHA256MatchesPublishedVectors(_ vector: HMACCase) {
    #expect(
      ByteEncoding.hex(Crypto.hmacSHA256(key: vector.key, message: vector.message)) == vector.hex)
  }

  @Test func sha256MatchesFIPS180Vectors() {
    #expect(
      ByteEncoding.hex(Crypto.sha256([]))
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      ByteEncoding.hex(Crypto.sha256(Array("abc".utf8)))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      ByteEncoding.hex(
        Crypto.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(Crypto.sha256Length == 32)
  }

  @Test func sha1HexMatchesFIPS180Vector() {
    #expect(Crypto.sha1Hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
  }

  @Test func constantTimeEqualsComparesContentAndLength() {
    #expect(Crypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
    #expect(Crypto.constantTimeEquals([], []))
    #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
    #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2]))
    #expect(!Crypto.constantTimeEquals([], [0]))
  }
}

@Suite("ByteEncoding")
struct ByteEncodingTests {
  @Test func hexIsLowerCaseAndRoundTrips() {
    let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]
    #expect(ByteEncoding.hex(bytes) == "00017f80abff")
    #expect(ByteEncoding.fromHex("00017f80abff") == bytes)
    #expect(ByteEncoding.fromHex("00017F80ABFF") == bytes)
    #expect(ByteEncoding.fromHex("") == [])
  }

  @Test(arguments: ["0", "abc", "0g", "zz", " 00", "00 ", "0x00", "éé"])
  func fromHexRejectsOddLengthAndNonHex(_ text: String) {
    #expect(ByteEncoding.fromHex(text) == nil)
  }

  @Test func base64RoundTripsAndRejectsGarbage() {
    #expect(ByteEncoding.base64(Array("hookgate".utf8)) == "aG9va2dhdGU=")
    #expect(ByteEncoding.fromBase64("aG9va2dhdGU=") == Array("hookgate".utf8))
    #expect(ByteEncoding.fromBase64("not base64!") == nil)
  }
}
