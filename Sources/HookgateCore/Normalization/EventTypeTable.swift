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

  /// Square's `payment.updated` stays `square.payment.updated`: whether the payment
  /// succeeded is in its `status`, not in the type.
  private static let square: [String: String] = [
    "invoice.payment_made": "invoice.paid"
  ]

  /// QuickBooks types are `{entity}.{operation}` (classic notifications) or CloudEvents
  /// `qbo.{entity}.{past tense}.v1`. Only changes whose meaning the type alone tells are
  /// mapped: an `Invoice.Update` may or may not be a payment, so it stays
  /// `quickbooks.invoice.update`.
  private static let quickbooks: [String: String] = [
    "Invoice.Create": "invoice.created",
    "Invoice.Void": "invoice.voided",
    "Payment.Create": "payment.succeeded",
    "SalesReceipt.Create": "sale.completed",
    "RefundReceipt.Create": "payment.refunded",
    "qbo.invoice.created.v1": "invoice.created",
    "qbo.invoice.voided.v1": "invoice.voided",
    "qbo.payment.created.v1": "payment.succeeded",
    "qbo.salesreceipt.created.v1": "sale.completed",
    "qbo.refundreceipt.created.v1": "payment.refunded",
  ]

  /// Xero types are `{eventCategory}.{eventType}`. An `INVOICE.UPDATE` may be a payment, a
  /// void or an edit, so it stays `xero.invoice.update`.
  private static let xero: [String: String] = [
    "INVOICE.CREATE": "invoice.created"
  ]

  static func table(for provider: ProviderKind) -> [String: String] {
    switch provider {
    case .stripe: return stripe
    case .paypal: return paypal
    case .hmac: return billing
    case .square: return square
    case .quickbooks: return quickbooks
    case .xero: return xero
    default: return [:]
    }
  }

  public static func normalizedType(provider: ProviderKind, providerType: String) -> String {
    if let known = table(for: provider)[providerType] { return known }
    return fallbackPrefix(provider) + providerType.lowercased()
  }

  /// What every type the table does not name starts with: `stripe.`, `square.`, ….
  public static func fallbackPrefix(_ provider: ProviderKind) -> String {
    "\(provider.rawValue)."
  }

  /// The normalized types the table maps this provider's types to.
  public static func mappedTypes(of provider: ProviderKind) -> Set<String> {
    Set(table(for: provider).values)
  }
}
