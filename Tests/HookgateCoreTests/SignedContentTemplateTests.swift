import Testing

@testable import HookgateCore

@Suite("signed_content templates")
struct SignedContentTemplateTests {
  private func render(_ text: String) throws -> String {
    let template = try SignedContentTemplate(parsing: text)
    let bytes = template.render(
      body: Array("BODY".utf8), timestamp: "123", id: "msg_1", url: "https://h/x")
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func placeholdersAreReplacedAndLiteralsKept() throws {
    #expect(try render("{body}") == "BODY")
    #expect(try render("{timestamp}.{body}") == "123.BODY")
    #expect(try render("{id}.{timestamp}.{body}") == "msg_1.123.BODY")
    #expect(try render("{url}{body}") == "https://h/xBODY")
    #expect(try render("v1:{body}:end") == "v1:BODY:end")
  }

  @Test func theBodyIsSignedByteForByte() throws {
    let body: [UInt8] = [0x00, 0xFF, 0x7B, 0x0A]
    let template = try SignedContentTemplate(parsing: "{timestamp}.{body}")
    #expect(template.render(body: body, timestamp: "1", id: nil, url: nil) == [0x31, 0x2E] + body)
  }

  @Test func usesReportsEachPlaceholder() throws {
    let template = try SignedContentTemplate(parsing: "{id}.{body}")
    #expect(template.uses(.id) && template.uses(.body))
    #expect(!template.uses(.timestamp) && !template.uses(.url))
    #expect(SignedContentTemplate.body.description == "{body}")
  }

  @Test(arguments: [
    ("{tmestamp}.{body}", "unknown placeholder '{tmestamp}'"),
    ("{timestamp}.", "must contain {body}"),
    ("{body", "'{' without a closing '}'"),
    ("{}{body}", "unknown placeholder '{}'"),
    ("{BODY}", "unknown placeholder '{BODY}'"),
  ])
  func malformedTemplatesAreRefusedSayingWhy(text: String, reason: String) {
    #expect {
      _ = try SignedContentTemplate(parsing: text)
    } throws: { error in
      (error as? SignedContentTemplate.ParseError)?.description.hasPrefix(reason) == true
    }
  }
}
