/// A strict RFC 8259 parser over raw bytes. It exists, rather than Foundation's, to keep
/// number literals as text and to work directly on the request's bytes.
public struct JSONParser {
  public struct Error: Swift.Error, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
  }

  /// Containers nested deeper than this are refused, so a hostile body cannot exhaust the stack.
  public static let maxDepth = 128

  public static func parse(_ bytes: some Collection<UInt8>) throws(Error) -> JSONValue {
    let buffer = Array(bytes)
    // The cursor reads the bytes through a pointer, valid for this call only: every request
    // body goes through here, and indexing the array checked bounds and retained its storage
    // on each byte.
    return try buffer.withUnsafeBufferPointer { bytes throws(Error) -> JSONValue in
      var parser = Cursor(bytes: bytes)
      parser.skipWhitespace()
      let value = try parser.parseValue(depth: 0)
      parser.skipWhitespace()
      guard parser.index == bytes.count else { throw parser.error("trailing characters") }
      return value
    }
  }

  public static func parse(_ text: String) throws(Error) -> JSONValue {
    try parse(Array(text.utf8))
  }

  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ reason: String) -> Error { Error(offset: index, reason: reason) }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    mutating func expect(_ literal: StaticString) throws(Error) {
      let count = literal.utf8CodeUnitCount
      guard index + count <= bytes.count else { throw error("unexpected end") }
      let matches = literal.withUTF8Buffer { literalBytes in
        (0..<count).allSatisfy { bytes[index + $0] == literalBytes[$0] }
      }
      guard matches else { throw error("unexpected literal") }
      index += count
    }

    mutating func parseValue(depth: Int) throws(Error) -> JSONValue {
      guard let byte = current else { throw error("unexpected end") }
      switch byte {
      case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
      case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
      case UInt8(ascii: "\""): return .string(try parseString())
      case UInt8(ascii: "t"):
        try expect("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try expect("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try expect("null")
        return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return .number(try parseNumber())
      default:
        throw error("unexpected character")
      }
    }

    mutating func parseObject(depth: Int) throws(Error) -> JSONValue {
      guard depth <= JSONParser.maxDepth else { throw error("nesting too deep") }
      index += 1
      var members: [(key: String, value: JSONValue)] = []
      // Most objects in provider payloads have a handful of members: growing from empty
      // reallocated the array at 1, 2 and 4.
      members.reserveCapacity(8)
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
        let key = try parseString()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
        members.append((key, try parseValue(depth: depth)))
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"):
          index += 1
          return .object(members)
        default: throw error("expected ',' or '}'")
        }
      }
    }

    mutating func parseArray(depth: Int) throws(Error) -> JSONValue {
      guard depth <= JSONParser.maxDepth else { throw error("nesting too deep") }
      index += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try parseValue(depth: depth))
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"):
          index += 1
          return .array(items)
        default: throw error("expected ',' or ']'")
        }
      }
    }

    mutating func parseNumber() throws(Error) -> String {
      let start = index
      if current == UInt8(ascii: "-") { index += 1 }
      guard let first = current, isDigit(first) else { throw error("expected a digit") }
      if first == UInt8(ascii: "0") {
        index += 1
      } else {
        skipDigits()
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard let digit = current, isDigit(digit) else { throw error("expected a digit") }
        skipDigits()
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard let digit = current, isDigit(digit) else { throw error("expected a digit") }
        skipDigits()
      }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    mutating func skipDigits() {
      while let byte = current, isDigit(byte) { index += 1 }
    }

    mutating func parseString() throws(Error) -> String {
      index += 1
      let start = index
      // Fast path: no escapes, so the bytes are the string.
      while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
        guard byte >= 0x20 else { throw error("control character in string") }
        index += 1
      }
      guard let stop = current else { throw error("unterminated string") }
      if stop == UInt8(ascii: "\"") {
        index += 1
        return try validated(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
      }
      var scalars = Array(bytes[start..<index])
      while true {
        guard let byte = current else { throw error("unterminated string") }
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return try scalars.withUnsafeBufferPointer { scalars throws(Error) in
            try validated(scalars)
          }
        case UInt8(ascii: "\\"):
          index += 1
          try appendEscape(into: &scalars)
        case 0..<0x20:
          throw error("control character in string")
        default:
          scalars.append(byte)
          index += 1
        }
      }
    }

    func validated(_ slice: UnsafeBufferPointer<UInt8>) throws(Error) -> String {
      // ASCII is valid UTF-8 as it is. `String(validating:as:)` is generic over the encoding
      // and looks up type metadata on every call: it was 5 % of the ingress's CPU.
      if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
      guard let text = String(validating: slice, as: UTF8.self) else {
        throw error("invalid UTF-8")
      }
      return text
    }

    mutating func appendEscape(into output: inout [UInt8]) throws(Error) {
      guard let escape = current else { throw error("unterminated escape") }
      index += 1
      switch escape {
      case UInt8(ascii: "\""): output.append(0x22)
      case UInt8(ascii: "\\"): output.append(0x5C)
      case UInt8(ascii: "/"): output.append(0x2F)
      case UInt8(ascii: "b"): output.append(0x08)
      case UInt8(ascii: "f"): output.append(0x0C)
      case UInt8(ascii: "n"): output.append(0x0A)
      case UInt8(ascii: "r"): output.append(0x0D)
      case UInt8(ascii: "t"): output.append(0x09)
      case UInt8(ascii: "u"):
        var code = try parseHex4()
        if (0xD800...0xDBFF).contains(code) {
          guard current == UInt8(ascii: "\\") else { throw error("lone surrogate") }
          index += 1
          guard current == UInt8(ascii: "u") else { throw error("lone surrogate") }
          index += 1
          let low = try parseHex4()
          guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
          throw error("lone surrogate")
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid escape") }
        output.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        throw error("invalid escape")
      }
    }

    mutating func parseHex4() throws(Error) -> UInt32 {
      guard index + 4 <= bytes.count else { throw error("short \\u escape") }
      var code: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[index]
        let digit: UInt32
        switch byte {
        case 0x30...0x39: digit = UInt32(byte - 0x30)
        case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
        case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
        default: throw error("invalid \\u escape")
        }
        code = code << 4 | digit
        index += 1
      }
      return code
    }
  }
}
