import Foundation
import Testing

@testable import HookgateCore

private func look(_ content: String, inode: UInt64 = 1, modified: Double = 0) -> FileObservation {
  FileObservation(
    device: 1, inode: inode, size: UInt64(content.utf8.count),
    modified: Date(timeIntervalSince1970: modified), digest: Crypto.sha256(Array(content.utf8)))
}

/// What the watch answers to each poll of `polls`, in order.
private func answers(baseline: FileObservation?, _ polls: [FileObservation?]) -> [Bool] {
  var watch = SettledFileChange(baseline: baseline)
  return polls.map { watch.observe($0) }
}

@Suite("SettledFileChange")
struct SettledFileChangeTests {
  @Test func unchangedFileIsNeverAChange() {
    #expect(
      answers(baseline: look("v1"), Array(repeating: look("v1"), count: 4)) == [
        false, false, false, false,
      ])
  }

  @Test func newContentCountsOnceWhenSeenTwiceInARow() {
    let polls = [look("v2", modified: 1), look("v2", modified: 1), look("v2", modified: 1)]
    #expect(answers(baseline: look("v1"), polls) == [false, true, false])
  }

  @Test func fileStillBeingWrittenSettlesOnlyOnItsLastContent() {
    let polls = [
      look("vers", modified: 1), look("version: 1", modified: 2),
      look("version: 1\nx", modified: 3),
      look("version: 1\nx", modified: 3),
    ]
    #expect(answers(baseline: look("v1"), polls) == [false, false, false, true])
  }

  @Test func halfWrittenFileThatSettledIsFollowedByTheCompleteOne() {
    // The writer paused longer than a poll: the half is reported (and will fail to load),
    // then the complete file is.
    let polls = [
      look("ver", modified: 1), look("ver", modified: 1), look("version: 2", modified: 2),
      look("version: 2", modified: 2),
    ]
    #expect(answers(baseline: look("v1"), polls) == [false, true, false, true])
  }

  @Test func sameContentSavedAgainOrRenamedIntoPlaceIsNotAChange() {
    let polls = [
      look("v1", inode: 2, modified: 5), look("v1", inode: 2, modified: 5),
      look("v1", inode: 3, modified: 9), look("v1", inode: 3, modified: 9),
    ]
    #expect(answers(baseline: look("v1"), polls) == [false, false, false, false])
  }

  @Test func missingFileIsNotAChangeAndItsReturnCountsOnlyWithNewContent() {
    let polls = [
      nil, nil, look("v1", inode: 2), look("v1", inode: 2), nil, look("v2", inode: 3),
      look("v2", inode: 3),
    ]
    #expect(
      answers(baseline: look("v1"), polls) == [false, false, false, false, false, false, true])
  }

  @Test func goingBackToTheReportedContentBeforeSettlingIsNotAChange() {
    let polls = [look("v2", modified: 1), look("v1", modified: 2), look("v1", modified: 2)]
    #expect(answers(baseline: look("v1"), polls) == [false, false, false])
  }

  @Test func fileMissingAtStartCountsWhenItAppears() {
    #expect(answers(baseline: nil, [look("v1"), look("v1")]) == [false, true])
  }

  @Test func contentLoadedBySignalIsNotReportedAgainAndGoingBackIsAChange() {
    var watch = SettledFileChange(baseline: look("v1"))
    var seen = [watch.observe(look("v2", modified: 1))]
    watch.loaded(digest: look("v2").digest)
    seen += [watch.observe(look("v2", modified: 1))]
    seen += [watch.observe(look("v1", modified: 2)), watch.observe(look("v1", modified: 2))]
    #expect(seen == [false, false, false, true])
  }
}
