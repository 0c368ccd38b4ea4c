import Testing

@testable import HookgateCore

@Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1", "LOCALHOST"])
func loopbackAddressesNeedNoToken(host: String) {
  #expect(AdminAccess.isLoopback(host: host))
  #expect(AdminAccess.startupRefusal(host: host, token: nil) == nil)
}

@Test(arguments: ["0.0.0.0", "10.0.0.5", "::", "admin.internal", "128.0.0.1", "127.0.0"])
func otherAddressesRefuseToStartWithoutAToken(host: String) {
  #expect(!AdminAccess.isLoopback(host: host))
  let refusal = AdminAccess.startupRefusal(host: host, token: nil)
  #expect(refusal?.contains("HOOKGATE_ADMIN_TOKEN") == true)
  #expect(AdminAccess.startupRefusal(host: host, token: "") != nil)
  #expect(AdminAccess.startupRefusal(host: host, token: "s3cret") == nil)
}

@Test func onlyTheBearerTokenItselfAuthorizes() {
  let token = "correct horse battery staple"
  #expect(AdminAccess.authorizes(authorization: "Bearer \(token)", token: token))
  #expect(AdminAccess.authorizes(authorization: "bearer \(token)", token: token))
  #expect(!AdminAccess.authorizes(authorization: nil, token: token))
  #expect(!AdminAccess.authorizes(authorization: "Bearer ", token: token))
  #expect(!AdminAccess.authorizes(authorization: "Bearer wrong", token: token))
  #expect(!AdminAccess.authorizes(authorization: "Bearer \(token)x", token: token))
  #expect(!AdminAccess.authorizes(authorization: "Basic \(token)", token: token))
  #expect(!AdminAccess.authorizes(authorization: token, token: token))
}

@Test func withoutATokenOnlyALoopbackHostIsServed() {
  for host in ["127.0.0.1:9090", "localhost:9090", "[::1]:9090", "localhost"] {
    #expect(
      AdminAccess.browserRefusal(method: "GET", host: host, origin: nil, tokenConfigured: false)
        == nil, "\(host)")
  }
  for host in ["rebind.example:9090", "10.0.0.1:9090", nil] as [String?] {
    #expect(
      AdminAccess.browserRefusal(method: "GET", host: host, origin: nil, tokenConfigured: false)
        != nil)
  }
  #expect(
    AdminAccess.browserRefusal(
      method: "GET", host: "admin.internal:9090", origin: nil, tokenConfigured: true) == nil)
}

@Test func changesFromAnotherOriginAreRefused() {
  let host = "127.0.0.1:9090"
  #expect(
    AdminAccess.browserRefusal(
      method: "POST", host: host, origin: "http://evil.example", tokenConfigured: true) != nil)
  #expect(
    AdminAccess.browserRefusal(
      method: "POST", host: host, origin: "http://127.0.0.1:9090", tokenConfigured: true) == nil)
  // curl and scripts send no Origin; reads are not refused for one.
  #expect(
    AdminAccess.browserRefusal(method: "POST", host: host, origin: nil, tokenConfigured: true)
      == nil)
  #expect(
    AdminAccess.browserRefusal(
      method: "GET", host: host, origin: "http://evil.example", tokenConfigured: true) == nil)
}
