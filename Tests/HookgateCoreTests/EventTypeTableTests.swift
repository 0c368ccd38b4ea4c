import Testing

@testable import HookgateCore

struct TypeRow: Sendable, CustomTestStringConvertible {
  var provider: ProviderKind
  var providerType: String
  var normalized: String

  init(_ provider: ProviderKind, _ providerType: String, _ normalized: String) {
    self.provider = provider
    self.providerType = providerType
    self.normalized = normalized
  }

  var testDescription: String { "\(provider.rawValue) \(providerType) → \(normalized)" }
}

/// Every row of DESIGN.md's "Normalized types" table; "billing" is a source with `provider: hmac`.
private let designTable: [TypeRow] = [
  TypeRow(.stripe, "charge.succeeded", "payment.succeeded"),
  TypeRow(.stripe, "payment_intent.succeeded", "payment.succeeded"),
  TypeRow(.paypal, "PAYMENT.CAPTURE.COMPLETED", "payment.succeeded"),
  TypeRow(.paypal, "PAYMENT.SALE.COMPLETED", "payment.succeeded"),
  TypeRow(.hmac, "payment.received", "payment.succeeded"),

  TypeRow(.stripe, "charge.failed", "payment.failed"),
  TypeRow(.stripe, "payment_intent.payment_failed", "payment.failed"),
  TypeRow(.paypal, "PAYMENT.CAPTURE.DENIED", "payment.failed"),
  TypeRow(.paypal, "PAYMENT.SALE.DENIED", "payment.failed"),

  TypeRow(.stripe, "charge.refunded", "payment.refunded"),
  TypeRow(.paypal, "PAYMENT.CAPTURE.REFUNDED", "payment.refunded"),
  TypeRow(.paypal, "PAYMENT.SALE.REFUNDED", "payment.refunded"),

  TypeRow(.stripe, "invoice.paid", "invoice.paid"),
  TypeRow(.stripe, "invoice.payment_succeeded", "invoice.paid"),
  TypeRow(.paypal, "INVOICING.INVOICE.PAID", "invoice.paid"),

  TypeRow(.stripe, "invoice.payment_failed", "invoice.payment_failed"),

  TypeRow(.stripe, "invoice.voided", "invoice.voided"),
  TypeRow(.paypal, "INVOICING.INVOICE.CANCELLED", "invoice.voided"),

  TypeRow(.hmac, "invoice.created", "invoice.created"),
  TypeRow(.stripe, "invoice.created", "invoice.created"),

  TypeRow(.hmac, "sale.completed", "sale.completed"),

  TypeRow(.stripe, "customer.subscription.created", "subscription.created"),
  TypeRow(.stripe, "customer.subscription.updated", "subscription.updated"),
  TypeRow(.stripe, "customer.subscription.deleted", "subscription.cancelled"),
  TypeRow(.paypal, "BILLING.SUBSCRIPTION.CREATED", "subscription.created"),
  TypeRow(.paypal, "BILLING.SUBSCRIPTION.UPDATED", "subscription.updated"),
  TypeRow(.paypal, "BILLING.SUBSCRIPTION.CANCELLED", "subscription.cancelled"),
]

/// The presets' rows: only types whose meaning the type alone tells are mapped.
private let presetTable: [TypeRow] = [
  TypeRow(.square, "invoice.payment_made", "invoice.paid"),
  TypeRow(.quickbooks, "Invoice.Create", "invoice.created"),
  TypeRow(.quickbooks, "Invoice.Void", "invoice.voided"),
  TypeRow(.quickbooks, "Payment.Create", "payment.succeeded"),
  TypeRow(.quickbooks, "SalesReceipt.Create", "sale.completed"),
  TypeRow(.quickbooks, "RefundReceipt.Create", "payment.refunded"),
  TypeRow(.quickbooks, "qbo.invoice.created.v1", "invoice.created"),
  TypeRow(.quickbooks, "qbo.invoice.voided.v1", "invoice.voided"),
  TypeRow(.quickbooks, "qbo.payment.created.v1", "payment.succeeded"),
  TypeRow(.quickbooks, "qbo.salesreceipt.created.v1", "sale.completed"),
  TypeRow(.quickbooks, "qbo.refundreceipt.created.v1", "payment.refunded"),
  TypeRow(.xero, "INVOICE.CREATE", "invoice.created"),
  TypeRow(.hmac, "invoice.paid", "invoice.paid"),
]

/// Types the table does not name fall back to `{provider}.{provider type lower-cased}`.
private let fallbacks: [TypeRow] = [
  TypeRow(.stripe, "customer.created", "stripe.customer.created"),
  TypeRow(.stripe, "Charge.Succeeded", "stripe.charge.succeeded"),
  TypeRow(.paypal, "CUSTOMER.DISPUTE.CREATED", "paypal.customer.dispute.created"),
  TypeRow(.paypal, "payment.capture.completed", "paypal.payment.capture.completed"),
  TypeRow(.hmac, "Refund.Issued", "hmac.refund.issued"),
  TypeRow(.hmac, "charge.succeeded", "hmac.charge.succeeded"),
  TypeRow(.square, "payment.updated", "square.payment.updated"),
  TypeRow(.standardWebhooks, "Invoice.Paid", "standard-webhooks.invoice.paid"),
  TypeRow(.github, "push", "github.push"),
  TypeRow(.shopify, "orders/paid", "shopify.orders/paid"),
  TypeRow(.square, "payment.updated", "square.payment.updated"),
  TypeRow(.quickbooks, "Invoice.Update", "quickbooks.invoice.update"),
  TypeRow(.xero, "INVOICE.UPDATE", "xero.invoice.update"),
]

@Suite("EventTypeTable")
struct EventTypeTableTests {
  @Test(arguments: designTable)
  func designTableRowMapsToItsNormalizedType(_ row: TypeRow) {
    #expect(
      EventTypeTable.normalizedType(provider: row.provider, providerType: row.providerType)
        == row.normalized)
  }

  @Test(arguments: presetTable)
  func presetRowMapsToItsNormalizedType(_ row: TypeRow) {
    #expect(
      EventTypeTable.normalizedType(provider: row.provider, providerType: row.providerType)
        == row.normalized)
  }

  @Test(arguments: fallbacks)
  func unknownTypeFallsBackToProviderDotLowerCasedType(_ row: TypeRow) {
    #expect(
      EventTypeTable.normalizedType(provider: row.provider, providerType: row.providerType)
        == row.normalized)
  }
}
