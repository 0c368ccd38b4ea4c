/// Signs outbound requests the Standard Webhooks way, so handlers verify them with any
/// Standard Webhooks (or Svix) library: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
/// keyed with the base64-decoded part of a `whsec_…` secret.
public struct StandardWebhooksSigner: Sendable {
  public struct InvalidSecret: Error, Equatable {}

  private let key: [UInt8]

  public init(secret: String) throws(InvalidSecret) {
    let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
    guard let key = ByteEncoding.fromBase64(encoded), !key.isEmpty else { throw InvalidSecret() }
    self.key = key
  }

  public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
    var signed = Array("\(id).\(timestamp).".utf8)
    signed.append(contentsOf: body)
    return "v1," + ByteEncoding.base64(Crypto.hmacSHA256(key: key, message: signed))
  }

  /// The headers of one attempt: the same `webhook-id` on every attempt lets the handler
  /// drop redeliveries; the timestamp and signature are fresh each time.
  public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(
    name: String, value: String
  )] {
    [
      ("content-type", "application/json"),
      ("webhook-id", id),
      ("webhook-timestamp", String(timestamp)),
      ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
    ]
  }
}
