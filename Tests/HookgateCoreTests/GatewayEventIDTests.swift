import Testing

@testable import HookgateCore

@Suite("GatewayEventID")
struct GatewayEventIDTests {
  /// `printf 'acme\0stripe\0evt_1QhookgateA' | openssl dgst -sha256`, first 16 bytes.
  @Test func matchesTheFirstHalfOfSHA256OverNulSeparatedParts() {
    #expect(
      GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_1QhookgateA")
        == "evt_71a111a3b1ebfa883bf77f5ebe62b2b3")
  }

  @Test func sameTenantSourceAndIdGiveTheSameId() {
    let first = GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_1")
    let again = GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_1")
    #expect(first == again)
    #expect(first.hasPrefix("evt_"))
    #expect(first.count == 4 + 32)
    #expect(first.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
  }

  @Test func changingAnyPartChangesTheId() {
    let base = GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_1")
    let variants = [
      GatewayEventID.make(tenant: "globex", source: "stripe", providerEventID: "evt_1"),
      GatewayEventID.make(tenant: "acme", source: "billing", providerEventID: "evt_1"),
      GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_2"),
      GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "EVT_1"),
    ]
    for variant in variants { #expect(variant != base) }
    #expect(Set(variants).count == variants.count)
  }

  @Test func movingCharactersBetweenPartsChangesTheId() {
    let ids = [
      GatewayEventID.make(tenant: "ab", source: "c", providerEventID: "d"),
      GatewayEventID.make(tenant: "a", source: "bc", providerEventID: "d"),
      GatewayEventID.make(tenant: "a", source: "b", providerEventID: "cd"),
    ]
    #expect(Set(ids).count == 3)
  }
}
