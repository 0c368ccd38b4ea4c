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
