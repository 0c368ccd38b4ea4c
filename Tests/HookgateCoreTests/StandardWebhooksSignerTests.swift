import Foundation
import Testing

@testable import HookgateCore

/// The example of the Standard Webhooks specification (and of its reference libraries' tests).
private enum Published {
  static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
  static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
  static let timestamp: Int64 = 1_614_265_330
  static let payload = Array(#"{"test": 2432232314}"#.utf8)
  static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
}

@Suite("StandardWebhooksSigner")
struct StandardWebhooksSignerTests {
  @Test func publishedStandardWebhooksVectorSignsIdentically() throws {
    let signer = try StandardWebhooksSigner(secret: Published.secret)
    let signature = signer.signature(
      id: Published.id, timestamp: Published.timestamp, body: Published.payload)
    #expect(signature == Published.signature)
  }

  @Test func secretWithoutTheWhsecPrefixSignsLikeTheSameKeyWithIt() throws {
    let bare = try StandardWebhooksSigner(secret: String(Published.secret.dropFirst(6)))
    #expect(
      bare.signature(id: Published.id, timestamp: Published.timestamp, body: Published.payload)
        == Published.signature)
  }

  @Test func anyChangeToIdTimestampOrBodyChangesTheSignature() throws {
    let signer = try StandardWebhooksSigner(secret: Published.secret)
    let changed = [
      signer.signature(id: "msg_other", timestamp: Published.timestamp, body: Published.payload),
      signer.signature(
        id: Published.id, timestamp: Published.timestamp + 1, body: Published.payload),
      signer.signature(
        id: Published.id, timestamp: Published.timestamp, body: Published.payload + [0x20]),
    ]
    for signature in changed {
      #expect(signature != Published.signature)
      #expect(signature.hasPrefix("v1,"))
    }
  }

  @Test(arguments: ["", "whsec_", "whsec_not base64 at all!", "whsec_@@@@", "***"])
  func invalidSecretThrows(_ secret: String) {
    #expect(throws: StandardWebhooksSigner.InvalidSecret.self) {
      _ = try StandardWebhooksSigner(secret: secret)
    }
  }

  @Test func headersCarryIdTimestampSignatureAndContentType() throws {
    let signer = try StandardWebhooksSigner(secret: Published.secret)
    let headers = signer.headers(
      id: Published.id, timestamp: Published.timestamp, body: Published.payload)
    let byName = Dictionary(
      headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
    #expect(headers.count == 4)
    #expect(byName["webhook-id"] == Published.id)
    #expect(byName["webhook-timestamp"] == "1614265330")
    #expect(byName["webhook-signature"] == Published.signature)
    #expect(byName["content-type"] == "application/json")
  }

  @Test func webhookIdStaysTheSameAcrossAttemptsWhileTheSignatureFollowsTheTimestamp() throws {
    let signer = try StandardWebhooksSigner(secret: Published.secret)
    let first = signer.headers(
      id: Published.id, timestamp: Published.timestamp, body: Published.payload)
    let second = signer.headers(
      id: Published.id, timestamp: Published.timestamp + 30, body: Published.payload)
    let value = { (headers: [(name: String, value: String)], name: String) in
      headers.first(where: { $0.name == name })?.value
    }
    #expect(value(first, "webhook-id") == value(second, "webhook-id"))
    #expect(value(second, "webhook-timestamp") == "1614265360")
    #expect(value(first, "webhook-signature") != value(second, "webhook-signature"))
  }
}
