import Testing

@testable import HookgateCore

@Test func limitsDefaultAndAreBounded() throws {
  #expect(try AdminQuery.limit(nil) == AdminQuery.defaultLimit)
  #expect(try AdminQuery.limit("7") == 7)
  for bad in ["0", "-1", "201", "ten"] {
    #expect(throws: AdminInputError.self) { try AdminQuery.limit(bad) }
  }
}

@Test func cursorsAreStreamIDs() throws {
  #expect(try AdminQuery.cursor("1763726400000-3")?.description == "1763726400000-3")
  #expect(try AdminQuery.cursor(nil) == nil)
  for bad in ["abc", "1-2-3", "-1", "1763726400000"] {
    #expect(throws: AdminInputError.self) { try AdminQuery.cursor(bad) }
  }
}

@Test func statusesAreTheDocumentedOnes() throws {
  #expect(try AdminQuery.status("dead") == .dead)
  #expect(throws: AdminInputError.self) { try AdminQuery.status("failed") }
}

@Test func streamIDsCompareByTimeThenSequence() {
  #expect(StreamID("5-0")! < StreamID("5-1")!)
  #expect(StreamID("5-9")! < StreamID("10-0")!)
}

@Test func deadLetterCursorResumesAfterTheLastItemAcrossStreams() throws {
  let cursor = try DeadLetterCursor(parsing: "100-0~billing")
  #expect(cursor.handler == "billing")
  // A stream sorting after "billing" may still hold an item with the same id.
  #expect(cursor.start(for: "loyalty") == "100-0")
  #expect(cursor.start(for: "billing") == "(100-0")
  #expect(cursor.start(for: "audit") == "(100-0")
  #expect(cursor.description == "100-0~billing")
  #expect(DeadLetterCursor.precedes((StreamID("101-0")!, "z"), (StreamID("100-0")!, "a")))
  #expect(DeadLetterCursor.precedes((StreamID("100-0")!, "a"), (StreamID("100-0")!, "b")))
  #expect(throws: AdminInputError.self) { try DeadLetterCursor(parsing: "100-0") }
}
