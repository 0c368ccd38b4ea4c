import HookgateCore
import HookgateRedis
import Testing

@Suite("Redis URLs, single and cluster")
struct RedisClusterURLTests {
  @Test func aPlainURLIsUnchanged() throws {
    let url = try RedisURL(parsing: "redis://:secret@cache:6380/2")
    #expect(url == RedisURL(host: "cache", port: 6380, database: 2, password: "secret"))
    #expect(!url.cluster)
    #expect(url.description == "redis://:***@cache:6380/2")
    #expect(try RedisURL(parsing: "redis://") == RedisURL())
  }

  @Test func aClusterURLListsSeedNodes() throws {
    let url = try RedisURL(parsing: "redis+cluster://app:pw@10.0.0.1:7000,10.0.0.2,10.0.0.3:7002/")
    #expect(url.cluster)
    #expect(url.username == "app" && url.password == "pw")
    #expect(
      url.seeds == [
        RedisNodeAddress(host: "10.0.0.1", port: 7000),
        RedisNodeAddress(host: "10.0.0.2", port: 6379),
        RedisNodeAddress(host: "10.0.0.3", port: 7002),
      ])
    #expect(
      url.description == "redis+cluster://app:***@10.0.0.1:7000,10.0.0.2:6379,10.0.0.3:7002/0")
    #expect(try RedisURL(parsing: "redis+cluster://node:7000/0").seeds.count == 1)
  }

  @Test func aClusterHasOnlyDatabaseZero() {
    #expect(throws: RedisURL.ParseError.self) {
      try RedisURL(parsing: "redis+cluster://node:7000/1")
    }
  }

  @Test func severalHostsNeedTheClusterScheme() {
    #expect(throws: RedisURL.ParseError.self) { try RedisURL(parsing: "redis://a:1,b:2/0") }
    #expect(throws: RedisURL.ParseError.self) { try RedisURL(parsing: "rediss://a:1/0") }
    #expect(throws: RedisURL.ParseError.self) { try RedisURL(parsing: "redis+cluster://a:1,b:x/") }
  }
}
