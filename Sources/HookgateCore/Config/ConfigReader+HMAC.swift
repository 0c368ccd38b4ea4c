import Foundation
import Yams

/// The HMAC family's source keys: `signed_content:` and `timestamp:` of a generic `hmac`
/// source, and what each HMAC provider needs to verify at all.
///
/// Everything a request could only discover as a 401 on every delivery (an unknown
/// placeholder, `{timestamp}` with no timestamp header, a `whsec_` secret that is not base64)
/// is a load error here instead. No message quotes a secret.
extension ConfigReader {
  static let signatureTimestampKeys = ["header", "tolerance"]

  func readHMACSettings(
    into source: inout Source, fields: [String: ConfigEntry], label: String, path: String
  ) {
    if let entry = fields["signed_content"],
      let text = nonEmptyString(entry.value, "\(path).signed_content")
    {
      do throws(SignedContentTemplate.ParseError) {
        source.signedContent = try SignedContentTemplate(parsing: text.value)
      } catch {
        self.error("\(label) signed_content \(error)", at: entry.value)
      }
    }
    if let entry = fields["timestamp"] {
      source.signatureTimestamp = signatureTimestamp(entry.value, label: label, path: path)
    }
  }

  private func signatureTimestamp(_ node: Node, label: String, path: String)
    -> SignatureTimestamp?
  {
    let context = "\(label) timestamp"
    guard let fields = entries(of: node, in: context, allowed: Self.signatureTimestampKeys)
    else { return nil }
    guard let headerEntry = fields["header"] else {
      error("\(context) is missing required key 'header'", at: node)
      return nil
    }
    guard let header = nonEmptyString(headerEntry.value, "\(context) header") else { return nil }
    var timestamp = SignatureTimestamp(header: header.value)
    if let entry = fields["tolerance"] {
      guard let tolerance = duration(entry.value, "\(path).timestamp.tolerance") else {
        return nil
      }
      timestamp.tolerance = tolerance
    }
    return timestamp
  }

  func checkHMACNeeds(
    _ source: Source, provider: ProviderKind, fields: [String: ConfigEntry],
    secretsRead: (kept: [Secret], dropped: Int)?, label: String, path: String,
    at sourceKey: Node
  ) {
    if provider == .hmac {
      checkSignedContentInputs(source, fields: fields, label: label, at: sourceKey)
    } else {
      for key in ["signed_content", "timestamp"] {
        if let entry = fields[key] {
          warning("\(label): \(key) is only used by provider hmac", at: entry.keyNode)
        }
      }
    }
    // Nil: an entry had its own error already.
    if provider == .standardWebhooks, secretsRead != nil, let entry = fields["secrets"] {
      checkStandardWebhooksSecrets(entry.value, label: label, path: path)
    }
  }

  /// Each placeholder of `signed_content` needs a value to stand for.
  private func checkSignedContentInputs(
    _ source: Source, fields: [String: ConfigEntry], label: String, at sourceKey: Node
  ) {
    let template = source.signedContent ?? .body
    let place = fields["signed_content"]?.value ?? sourceKey
    if template.uses(.timestamp), source.signatureTimestamp == nil, fields["timestamp"] == nil {
      error(
        "\(label) signed_content uses {timestamp}, which needs 'timestamp: {header: NAME}'",
        at: place)
    }
    var idIsHeader = false
    if case .header = source.eventID { idIsHeader = true }
    let eventIDHadError = fields["event_id"] != nil && source.eventID == nil
    if template.uses(.id), !idIsHeader, !eventIDHadError {
      error(
        "\(label) signed_content uses {id}, which is the event id header: it needs"
          + " event_id: \"header:NAME\"", at: place)
    }
    if template.uses(.url) {
      if fields["notification_url"] == nil {
        error(
          "\(label) signed_content uses {url}, which needs 'notification_url'", at: place)
      } else if let entry = fields["notification_url"], source.notificationURL?.isEmpty == true {
        error("\(label) has an empty notification_url; signed_content uses {url}", at: entry.value)
      }
    } else if let entry = fields["notification_url"] {
      warning(
        "\(label): notification_url is only used by provider square, or by hmac when"
          + " signed_content has {url}", at: entry.keyNode)
    }
    if let entry = fields["timestamp"], source.signatureTimestamp != nil,
      !template.uses(.timestamp)
    {
      // Checked but unsigned, the time is whatever a replayer writes: it protects nothing.
      warning(
        "\(label): the timestamp header is checked but not signed; add {timestamp} to"
          + " signed_content so it stops replays", at: entry.keyNode)
    }
  }

  /// The secrets were read without errors, so reading them again reports nothing twice.
  private func checkStandardWebhooksSecrets(_ node: Node, label: String, path: String) {
    for (index, item) in (list(node, "\(path).secrets") ?? []).enumerated() {
      var valueNode = item
      if case .mapping = item {
        guard let fields = pairs(of: item, in: "\(path).secrets[\(index)]"),
          let value = fields.first(where: { $0.key == "value" })
        else { continue }
        valueNode = value.value
      }
      guard let text = scalar(valueNode, "\(path).secrets[\(index)]"), !text.value.isEmpty
      else { continue }
      if !Self.isStandardWebhooksSecret(text.value) {
        error(
          "\(label) secret \(index + 1) is not a Standard Webhooks secret: expected 'whsec_'"
            + " followed by base64", at: valueNode)
      }
    }
  }
}
