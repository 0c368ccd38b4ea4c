import Foundation
import Testing

@testable import HookgateCore

private func parse(_ text: String) throws -> JSONValue {
  try JSONParser.parse(text)
}

private func nested(_ depth: Int) -> String {
  String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
}

@Suite("JSONParser")
struct JSONParserTests {
  @Test func parsesEveryKindOfValueInDocumentOrder() throws {
    let value = try parse(#" { "b" : [true, false, null, 1, "x"], "a": {"c": {}} , "e": [] } "#)
    #expect(
      value
        == .object([
          ("b", .array([.bool(true), .bool(false), .null, .number("1"), .string("x")])),
          ("a", .object([("c", .object([]))])),
          ("e", .array([])),
        ]))
  }

  @Test(arguments: [
    "0", "-0", "1", "-1", "0.1", "1e400", "-1e-400", "1E+2", "12345678901234567890123",
    "150.10", "150.00", "3.141592653589793238462643383279", "0e0", "-0.0",
  ])
  func numberLiteralIsPreservedExactly(_ literal: String) throws {
    #expect(try parse(literal) == .number(literal))
    #expect(try parse("[\(literal)]") == .array([.number(literal)]))
    #expect(String(decoding: JSONWriter.encode(try parse(literal)), as: UTF8.self) == literal)
  }

  @Test func topLevelScalarsAreAccepted() throws {
    #expect(try parse("true") == .bool(true))
    #expect(try parse(" null ") == .null)
    #expect(try parse(#""s""#) == .string("s"))
  }

  @Test func simpleEscapesDecode() throws {
    #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
  }

  @Test func unicodeEscapesDecodeIncludingSurrogatePairs() throws {
    #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
    #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    #expect(try parse(#""a\uD834\uDD1Eb""#) == .string("a𝄞b"))
    #expect(try parse(#""\u0000""#) == .string("\u{0}"))
  }

  @Test func rawMultiByteUTF8PassesThrough() throws {
    #expect(try parse(#""Ștefan ☕ 東京 🎉""#) == .string("Ștefan ☕ 東京 🎉"))
  }

  @Test func repeatedKeysAreKeptAndLookupTakesTheLast() throws {
    let value = try parse(#"{"a":1,"a":2}"#)
    #expect(value == .object([("a", .number("1")), ("a", .number("2"))]))
    #expect(value["a"] == .number("2"))
  }

  @Test func nestingUpToMaxDepthIsAccepted() throws {
    _ = try parse(nested(JSONParser.maxDepth))
    _ = try parse(
      String(repeating: #"{"a":"#, count: JSONParser.maxDepth - 1) + "[]"
        + String(repeating: "}", count: JSONParser.maxDepth - 1))
  }

  @Test func nestingBeyondMaxDepthIsRejected() {
    #expect(throws: JSONParser.Error.self) { try parse(nested(JSONParser.maxDepth + 1)) }
    #expect(throws: JSONParser.Error.self) { try parse(nested(100_000)) }
    #expect(throws: JSONParser.Error.self) {
      try parse(
        String(repeating: #"{"a":"#, count: JSONParser.maxDepth + 1) + "1"
          + String(repeating: "}", count: JSONParser.maxDepth + 1))
    }
  }

  @Test(arguments: [
    "",
    "   ",
    "[1,]",
    #"{"a":1,}"#,
    "[,1]",
    "01",
    "[01]",
    "-01",
    "00",
    "1.",
    ".5",
    "+1",
    "-",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "[1 2]",
    #"{"a" 1}"#,
    #"{a:1}"#,
    "{'a':1}",
    #"'single'"#,
    #""\ud800""#,
    #""\udc00""#,
    #""\ud800\u0041""#,
    #""\ud800x""#,
    #""\u12""#,
    #""\u12g4""#,
    #""\x41""#,
    "\"tab\there\"",
    "\"new\nline\"",
    "\"nul\u{0}\"",
    #""unterminated"#,
    #"["unterminated"#,
    #"{"a":1"#,
    "[",
    "{",
    "tru",
    "nul",
    "True",
    "{} x",
    "[] []",
    "1 2",
    #"{"a":1}}"#,
    "\u{FEFF}{}",
  ])
  func invalidDocumentIsRejected(_ text: String) {
    #expect(throws: JSONParser.Error.self) { try parse(text) }
  }

  @Test func invalidUTF8InAStringIsRejected() {
    #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    #expect(throws: JSONParser.Error.self) {
      try JSONParser.parse([0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22])
    }
  }

  @Test func errorReportsTheByteOffset() throws {
    do {
      _ = try JSONParser.parse("[1,]")
      Issue.record("expected an error")
    } catch {
      #expect(error.offset == 3)
      #expect(error.description.contains("byte 3"))
    }
  }

  @Test func parsesRawBytesOfAnArraySlice() throws {
    let bytes = Array(#"xx{"a":[1]}yy"#.utf8)
    #expect(try JSONParser.parse(bytes[2..<11]) == .object([("a", .array([.number("1")]))]))
  }

  @Test func agreesWithFoundationOnAPrettyPrintedDocument() throws {
    let text = """
      {
        "id" : "evt_1",
        "amount" : 15000,
        "tags" : ["a", "b\\u00e9"],
        "nested" : {"ok" : true, "none" : null}
      }
      """
    let ours = try parse(text)
    let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(ours["id"]?.stringValue == theirs?["id"] as? String)
    #expect(ours["tags"]?[1]?.stringValue == (theirs?["tags"] as? [String])?[1])
    #expect(ours["amount"] == .number("15000"))
    #expect(ours["nested"]?["none"] == .null)
  }
}

@Suite("JSONWriter")
struct JSONWriterTests {
  @Test func escapesQuotesBackslashAndEveryControlCharacter() throws {
    let controls = String(String.UnicodeScalarView((UInt8(0)..<0x20).map(Unicode.Scalar.init)))
    let text = "q\"b\\s/\(controls)\u{7F}é😀\u{2028}"
    let bytes = JSONWriter.encode(.string(text))
    #expect(!bytes.contains(where: { $0 < 0x20 }))
    #expect(try JSONParser.parse(bytes) == .string(text))
    let foundation = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
    #expect(foundation as? String == text)
  }

  @Test func usesShortEscapesForNewlineCarriageReturnAndTab() {
    let bytes = JSONWriter.encode(.string("a\nb\rc\td\u{01}"))
    #expect(String(decoding: bytes, as: UTF8.self) == #""a\nb\rc\td\u0001""#)
  }

  @Test func writesObjectsAndArraysCompactlyInOrder() {
    let value = JSONValue.object([
      ("z", .array([.number("1"), .bool(true), .null])), ("a", .string("x")),
      ("k\"ey", .object([])),
    ])
    #expect(
      String(decoding: JSONWriter.encode(value), as: UTF8.self)
        == #"{"z":[1,true,null],"a":"x","k\"ey":{}}"#)
  }

  @Test(arguments: [
    #"{"a":[1,2.50,{"b":null}],"c":"\u00e9\n\"","d":1e400,"e":-0}"#,
    #"[[[]],{},"",false,12345678901234567890123]"#,
    #"{"emoji":"\ud83d\ude00","ctl":"\u001f\u0000","sl":"\/"}"#,
    #""just a string""#,
  ])
  func writerOutputReparsesToTheSameValue(_ document: String) throws {
    let value = try JSONParser.parse(document)
    let written = JSONWriter.encode(value)
    #expect(try JSONParser.parse(written) == value)
    #expect(JSONWriter.encode(try JSONParser.parse(written)) == written)
  }

  @Test func rawSplicesBytesVerbatim() {
    var writer = JSONWriter()
    writer.raw("{\"p\":")
    writer.raw(Array(" [1, 2] ".utf8))
    writer.raw("}")
    #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"p": [1, 2] }"#)
  }
}
