import Foundation
import Testing

@Suite("Lifecycle", .serialized)
struct LifecycleTests {
  @Test func hangupSignalDoesNotStopTheGateway() async throws {
    try await GatewayFixture.with { fixture in
      fixture.gateway.signal(SIGHUP)
      let logged = await eventually { fixture.gateway.logs.contains("SIGHUP received") }
      #expect(logged)
      let reply = try await fixture.sendStripe(TestConfig.stripeCharge(id: "evt_after_hup"))
      #expect(reply.status == 200)
      #expect(await eventually { fixture["loyalty"].count == 1 })
    }
  }
}
