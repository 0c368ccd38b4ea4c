import Foundation
import Yams

/// Signing secrets: a source's `secrets:` list and a handler's `secret:`.
///
/// No message here quotes a value; they name the entry, the key or the variable.
extension ConfigReader {
  static let secretEntryKeys = ["value", "expires"]

  /// The non-empty secrets in file order and how many empty ones were dropped, or nil when
  /// an entry had an error of its own.
  func secretList(_ node: Node, label: String, path: String) -> (kept: [Secret], dropped: Int)? {
    guard let items = list(node, "\(path).secrets") else { return nil }
    var kept: [Secret] = []
    var dropped = 0
    var valid = true
    for (index, item) in items.enumerated() {
      let what = "\(path).secrets[\(index)]"
      guard let secret = secretEntry(item, what: what) else {
        valid = false
        continue
      }
      if secret.value.isEmpty {
        // Empty on purpose: `${OLD_SECRET:-}` is how a rotation slot stays optional.
        warning("\(label): secret \(index + 1) is empty and was dropped", at: item)
        dropped += 1
      } else {
        kept.append(secret)
      }
    }
    return valid ? (kept, dropped) : nil
  }

  /// `"…"` or `{value: "…", expires: 2026-12-31T00:00:00Z}`.
  private func secretEntry(_ node: Node, what: String) -> Secret? {
    guard case .mapping = node else {
      return scalar(node, what).map { Secret($0.value) }
    }
    guard let fields = entries(of: node, in: what, allowed: Self.secretEntryKeys) else {
      return nil
    }
    var expires: Date?
    var valid = true
    if let entry = fields["expires"] {
      if let text = scalar(entry.value, "\(what).expires") {
        expires = Self.timestamp(text.value)
        if expires == nil {
          error(
            "\(what).expires must be an RFC 3339 timestamp like"
              + " 2026-12-31T00:00:00Z, found '\(text.value)'", at: entry.value)
        }
      }
      valid = expires != nil
    }
    guard let valueEntry = fields["value"] else {
      error("\(what) is missing required key 'value'", at: node)
      return nil
    }
    guard let value = scalar(valueEntry.value, "\(what).value"), valid else { return nil }
    return Secret(value.value, expires: expires)
  }

  /// A Standard Webhooks signing secret: optional `whsec_`, then base64 of the key bytes.
  static func isStandardWebhooksSecret(_ text: String) -> Bool {
    let encoded = text.hasPrefix("whsec_") ? String(text.dropFirst("whsec_".count)) : text
    guard let key = Data(base64Encoded: encoded) else { return false }
    return !key.isEmpty
  }

  /// RFC 3339 / ISO 8601 with a time zone, with or without fractional seconds.
  static func timestamp(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    return try? fractional.parse(text)
  }
}
