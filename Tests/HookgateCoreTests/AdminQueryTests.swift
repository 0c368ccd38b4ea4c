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

@Test func mergedCursorResumesAfterTheLastItemAcrossStreams() throws {
  let cursor = try MergedCursor(parsing: "100-0~billing")
  #expect(cursor.stream == "billing")
  // A stream sorting after "billing" may still hold an item with the same id.
  #expect(cursor.start(for: "loyalty") == "100-0")
  #expect(cursor.start(for: "billing") == "(100-0")
  #expect(cursor.start(for: "audit") == "(100-0")
  #expect(cursor.description == "100-0~billing")
  #expect(MergedCursor.precedes((StreamID("101-0")!, "z"), (StreamID("100-0")!, "a")))
  #expect(MergedCursor.precedes((StreamID("100-0")!, "a"), (StreamID("100-0")!, "b")))
  #expect(throws: AdminInputError.self) { try MergedCursor(parsing: "100-0") }
}

@Test func partitionedIDsAreBareWithOnePartition() throws {
  let single = PartitionLayout.single
  let four = try PartitionLayout(count: 4, cluster: false)
  let id = PartitionedStreamID(id: StreamID("100-2")!, partition: 3)
  #expect(id.text(in: four) == "100-2@3")
  #expect(PartitionedStreamID("100-2@3") == id)
  #expect(PartitionedStreamID("100-2") == PartitionedStreamID(id: StreamID("100-2")!, partition: 0))
  #expect(PartitionedStreamID(id: StreamID("100-2")!, partition: 0).text(in: single) == "100-2")
  for bad in ["100-2@", "100-2@-1", "100-2@x", "100-2@1@2", "@3", "100@3"] {
    #expect(PartitionedStreamID(bad) == nil, "\(bad)")
  }
}
