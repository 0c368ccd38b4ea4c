import Testing

@testable import HookgateCore

private let document: JSONValue = {
  do {
    return try JSONParser.parse(
      #"""
      {"a":{"b":"deep","n":150.10},
       "items":[{"sku":"C1","qty":3},{"name":"no sku"},{"sku":"T2"}],
       "odd key":"spaced","with.dot":"dotted","1":"digit",
       "empty":[]}
      """#)
  } catch {
    fatalError("\(error)")
  }
}()

private func value(_ path: String) throws -> JSONValue? {
  try JSONPath(parsing: path).value(in: document)
}

@Suite("JSONPath")
struct JSONPathTests {
  @Test func dottedMembersReachNestedValues() throws {
    #expect(try JSONPath(parsing: "$.a.b").steps == [.key("a"), .key("b")])
    #expect(try value("$.a.b") == .string("deep"))
    #expect(try value("$.a.n") == .number("150.10"))
  }

  @Test func indexSelectsOneArrayElement() throws {
    #expect(try JSONPath(parsing: "$.items[0]").steps == [.key("items"), .index(0)])
    #expect(try value("$.items[0]") == .object([("sku", .string("C1")), ("qty", .number("3"))]))
    #expect(try value("$.items[2].sku") == .string("T2"))
  }

  @Test func indexPastTheEndSelectsNothing() throws {
    #expect(try value("$.items[3]") == nil)
    #expect(try value("$.a[0]") == nil)
  }

  @Test func wildcardCollectsEveryMatchInDocumentOrder() throws {
    let path = try JSONPath(parsing: "$.items[*].sku")
    #expect(path.steps == [.key("items"), .wildcard, .key("sku")])
    #expect(path.isMultiple)
    #expect(path.select(in: document) == [.string("C1"), .string("T2")])
    #expect(path.value(in: document) == .array([.string("C1"), .string("T2")]))
  }

  @Test func wildcardOverNothingIsNil() throws {
    #expect(try value("$.empty[*].sku") == nil)
    #expect(try value("$.missing[*]") == nil)
  }

  @Test func dotStarIsAWildcardOverObjectMembers() throws {
    #expect(try JSONPath(parsing: "$.a.*").steps == [.key("a"), .wildcard])
    #expect(try value("$.a.*") == .array([.string("deep"), .number("150.10")]))
  }

  @Test func bracketQuotedKeysAllowSpacesDotsAndDigits() throws {
    #expect(try JSONPath(parsing: "$['odd key']").steps == [.key("odd key")])
    #expect(try value("$['odd key']") == .string("spaced"))
    #expect(try value(#"$["odd key"]"#) == .string("spaced"))
    #expect(try value("$['with.dot']") == .string("dotted"))
    #expect(try value("$['1']") == .string("digit"))
    #expect(try value("$['items'][1]['name']") == .string("no sku"))
  }

  @Test func dollarAloneIsTheWholeDocument() throws {
    #expect(try JSONPath(parsing: "$").steps.isEmpty)
    #expect(try value("$") == document)
  }

  @Test func missingMemberIsNil() throws {
    #expect(try value("$.a.nope") == nil)
    #expect(try value("$.a.b.c") == nil)
  }

  @Test func descriptionIsTheTextItWasParsedFrom() throws {
    #expect(try JSONPath(parsing: "$.items[*].sku").description == "$.items[*].sku")
  }

  @Test(arguments: [
    "", "a.b", ".a", "$a", "$.", "$..a", "$.a.", "$[", "$[0", "$.items[abc]", "$[-1]",
    "$['unclosed]",
    "$[]", "$['mismatch\"]", "$ .a",
  ])
  func invalidPathThrows(_ text: String) {
    #expect(throws: JSONPath.ParseError.self) { try JSONPath(parsing: text) }
  }

  @Test func parseErrorNamesThePath() {
    do {
      _ = try JSONPath(parsing: "a.b")
      Issue.record("expected an error")
    } catch {
      #expect(error.path == "a.b")
      #expect(error.description.contains("'a.b'"))
    }
  }
}
