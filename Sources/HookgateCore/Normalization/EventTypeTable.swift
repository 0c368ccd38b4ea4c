/// The normalized type names of DESIGN.md. The table grows; names never change, because
/// handlers and routes are written against them.
public enum EventTypeTable {
  private static let stripe: [String: String] = [
    "charge.succeeded": "payment.succeeded",
    "payment_intent.succeeded": "payment.succeeded",
    "charge.failed": "payment.failed",
    "payment_intent.payment_failed": "payment.failed",
    "charge.refunded": "payment.refunded",
    "invoice.paid": "invoice.paid",
    "invoice.payment_succeeded": "invoice.paid",
    "invoice.payment_failed": "invoice.payment_failed",
    "invoice.voided": "invoice.voided",
    "invoice.created": "invoice.created",
    "customer.subscription.created": "subscription.created",
    "customer.subscription.updated": "subscription.updated",
    "customer.subscription.deleted": "subscription.cancelled",
  ]

  private static let paypal: [String: String] = [
    "PAYMENT.CAPTURE.COMPLETED": "payment.succeeded",
    "PAYMENT.SALE.COMPLETED": "payment.succeeded",
    "PAYMENT.CAPTURE.DENIED": "payment.failed",
    "PAYMENT.SALE.DENIED": "payment.failed",
    "PAYMENT.CAPTURE.REFUNDED": "payment.refunded",
    "PAYMENT.SALE.REFUNDED": "payment.refunded",
    "INVOICING.INVOICE.PAID": "invoice.paid",
    "INVOICING.INVOICE.CANCELLED": "invoice.voided",
    "BILLING.SUBSCRIPTION.CREATED": "subscription.created",
    "BILLING.SUBSCRIPTION.UPDATED": "subscription.updated",
    "BILLING.SUBSCRIPTION.CANCELLED": "subscription.cancelled",
  ]

  /// A customer's own billing system already speaks in hookgate's vocabulary, except for
  /// `payment.received`.
  private static let billing: [String: String] = [
    "payment.received": "payment.succeeded",
    "invoice.created": "invoice.created",
    "sale.completed": "sale.completed",
    "invoice.paid": "invoice.paid",
  ]

  public static func normalizedType(provider: ProviderKind, providerType: String) -> String {
    let table: [String: String]
    switch provider {
    case .stripe: table = stripe
    case .paypal: table = paypal
    case .hmac: table = billing
    default: table = [:]
    }
    if let known = table[providerType] { return known }
    return "\(provider.rawValue).\(providerType.lowercased())"
  }
}
