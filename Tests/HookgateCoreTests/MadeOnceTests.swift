import HookgateCore
import Testing

@Suite struct MadeOnceTests {
  final class Box: Sendable {
    let name: String
    init(_ name: String) { self.name = name }
  }

  @Test func aKeyIsMadeOnceAndItsValueShared() {
    let cache = MadeOnce<MetricLabels, Box>()
    var made = 0
    let first = cache.value(for: MetricLabels("acme", "stripe")) {
      made += 1
      return Box($0.first)
    }
    let again = cache.value(for: MetricLabels("acme", "stripe")) { _ in
      made += 1
      return Box("other")
    }
    #expect(made == 1)
    #expect(first === again)
    #expect(first.name == "acme")
  }

  @Test func everyLabelTellsKeysApart() {
    let cache = MadeOnce<MetricLabels, Box>()
    let keys = [
      MetricLabels("a", "b", "c"), MetricLabels("a", "b", "d"), MetricLabels("a", "x", "c"),
      MetricLabels("z", "b", "c"), MetricLabels("a", "b"),
    ]
    let boxes = keys.map { key in cache.value(for: key) { Box("\($0)") } }
    #expect(Set(boxes.map { ObjectIdentifier($0) }).count == keys.count)
    #expect(cache.value(for: MetricLabels("a", "b", "c")) { _ in Box("new") } === boxes[0])
  }

  @Test func concurrentCallersOfANewKeyGetTheSameValue() async {
    let cache = MadeOnce<MetricLabels, Box>()
    let values = await withTaskGroup(of: ObjectIdentifier.self) { group in
      for _ in 0..<32 {
        group.addTask { ObjectIdentifier(cache.value(for: MetricLabels("k")) { _ in Box("k") }) }
      }
      return await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
    }
    #expect(values.count == 1)
  }
}
