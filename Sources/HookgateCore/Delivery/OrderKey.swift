extension Handler {
  /// The longest `order_by` value used as is; longer ones are hashed, so a hostile reference
  /// cannot make Redis key names arbitrarily long.
  public static let orderKeyLimit = 200

  /// The value of this handler's `order_by` field in `envelope`, or nil when the handler is
  /// unordered or the envelope lacks the field (such events are delivered unordered: there is
  /// nothing to order them by). Only scalar values count; an object or list is treated as
  /// missing rather than ordering by its JSON text.
  public func orderKey(of envelope: Envelope) -> String? {
    guard let orderBy, let value = envelope.field(orderBy)?.scalarText, !value.isEmpty else {
      return nil
    }
    guard value.utf8.count > Self.orderKeyLimit else { return value }
    return "sha256:" + ByteEncoding.hex(Crypto.sha256(Array(value.utf8)))
  }
}
