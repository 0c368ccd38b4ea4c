import Testing

@testable import HookgateCore

/// A `fields:` entry applied to one payload value, and what the envelope gets.
struct CoercionRow: Sendable, CustomTestStringConvertible {
  var field: String
  /// The JSON written at `$.v`.
  var literal: String
  var expected: JSONValue?

  init(_ field: String, _ literal: String, _ expected: JSONValue?) {
    self.field = field
    self.literal = literal
    self.expected = expected
  }

  var testDescription: String { "\(field) ← \(literal)" }
}

private let coercions: [CoercionRow] = [
  CoercionRow("amount", #""150.00""#, .string("150.00")),
  CoercionRow("amount", "150.10", .string("150.10")),
  CoercionRow("amount", "12345678901234567890.10", .string("12345678901234567890.10")),
  CoercionRow("amount", "1.5E2", .string("150")),
  CoercionRow("amount", #"" 7.5 ""#, .string("7.5")),
  CoercionRow("amount", #""+3""#, .string("3")),
  CoercionRow("amount", "-0", .string("-0")),
  CoercionRow("amount", #""1,50""#, nil),
  CoercionRow("amount", #""abc""#, nil),
  CoercionRow("amount", "true", nil),
  CoercionRow("amount", #"{"amount":15000,"currency":"ron"}"#, .string("150.00")),
  CoercionRow("amount", #"{"amount":1500,"currency":"JPY"}"#, .string("1500")),
  CoercionRow("amount", #"{"amount":1500,"currency":"KWD"}"#, .string("1.500")),
  CoercionRow("currency", #""ron""#, .string("RON")),
  CoercionRow("currency", "946", nil),
  CoercionRow("occurred_at", #""2026-11-20T12:00:00+02:00""#, .string("2026-11-20T10:00:00Z")),
  CoercionRow("occurred_at", #""2026-11-20T10:00:00.250Z""#, .string("2026-11-20T10:00:00.250Z")),
  CoercionRow("occurred_at", "1795168800", .string("2026-11-20T10:00:00Z")),
  CoercionRow("occurred_at", #""20/11/2026""#, nil),
  CoercionRow("occurred_at", "1795168800.5", nil),
  CoercionRow("customer.phone", #""+40722""#, .string("+40722")),
  CoercionRow("customer.id", "90210", .number("90210")),
  CoercionRow("reference", "null", nil),
]

private func value(of field: String, in event: NormalizedEvent) -> JSONValue? {
  field == "occurred_at" ? event.occurredAt.map(JSONValue.string) : normalizedValue(event, field)
}

private func mapped(_ fields: [String: String], payload json: String) throws -> NormalizedEvent {
  var source = Source(tenant: "acme", name: "billing", provider: .hmac)
  source.eventID = .jsonPath(try JSONPath(parsing: "$.id"))
  source.eventType = .jsonPath(try JSONPath(parsing: "$.event"))
  for (name, path) in fields { source.fields[name] = .jsonPath(try JSONPath(parsing: path)) }
  return try normalizeFirst(source, json)
}

/// DESIGN.md's billing payload, with line items under other names than the envelope's.
private let billingSale = #"""
  {"id":"INV-9","event":"sale.completed","invoice_number":"INV-9","customer_phone":"+40722",
   "total_amount":"150.00","sale_date":"2026-11-20T12:00:00+02:00","currency":"ron",
   "products":[{"title":"Coffee","code":"C1","qty":"3","price":"50.00"},
               {"title":"Cake","code":"K1","qty":1,"price":1.5E1},
               {"title":"Gift","code":"G1","qty":1}]}
  """#

@Suite("FieldMapping")
struct FieldMappingTests {
  @Test(arguments: coercions)
  func mappedValueIsCoercedToTheContract(_ row: CoercionRow) throws {
    let event = try mapped(
      [row.field: "$.v"], payload: #"{"id":"e1","event":"sale.completed","v":\#(row.literal)}"#)
    #expect(value(of: row.field, in: event) == row.expected)
  }

  @Test func billingPayloadMapsFullyIncludingEachItem() throws {
    let event = try mapped(
      [
        "customer.phone": "$.customer_phone", "amount": "$.total_amount",
        "currency": "$.currency", "reference": "$.invoice_number", "occurred_at": "$.sale_date",
        "items.name": "$.products[*].title", "items.sku": "$.products[*].code",
        "items.quantity": "$.products[*].qty", "items.unit_price": "$.products[*].price",
      ], payload: billingSale)
    #expect(event.occurredAt == "2026-11-20T10:00:00Z")
    #expect(
      String(decoding: JSONWriter.encode(event.data), as: UTF8.self)
        == #"{"amount":"150.00","currency":"RON","customer":{"phone":"+40722"},"#
        + #""items":[{"name":"Coffee","quantity":3,"sku":"C1","unit_price":"50.00"},"#
        + #"{"name":"Cake","quantity":1,"sku":"K1","unit_price":"15"},"#
        + #"{"name":"Gift","quantity":1,"sku":"G1"}],"reference":"INV-9"}"#)
  }

  @Test func perItemFieldsAddToTheMappedItemsKeepingTheirMembers() throws {
    let event = try mapped(
      ["items": "$.products", "items.unit_price": "$.products[*].price"],
      payload: billingSale)
    #expect(event.data["items"]?[0]?["title"] == .string("Coffee"))
    #expect(event.data["items"]?[0]?["unit_price"] == .string("50.00"))
    #expect(event.data["items"]?[1]?["unit_price"] == .string("15"))
    #expect(event.data["items"]?[2]?["unit_price"] == nil)
    #expect(event.data["items"]?[2]?["title"] == .string("Gift"))
  }

  @Test func perItemFieldWithoutAWildcardGoesToEveryItem() throws {
    let event = try mapped(
      ["items": "$.products", "items.sku": "$.invoice_number"],
      payload: billingSale)
    for index in 0..<3 { #expect(event.data["items"]?[index]?["sku"] == .string("INV-9")) }
  }

  @Test func perItemFieldWithNothingFoundMakesNoItems() throws {
    let event = try mapped(
      ["items.unit_price": "$.lines[*].price"], payload: #"{"id":"e","event":"x","lines":[{}]}"#)
    #expect(event.data["items"] == nil)
  }

  @Test func itemsThatAreNotAListAreLeftAsTheyAre() throws {
    let event = try mapped(
      ["items": "$.basket", "items.unit_price": "$.basket.price"],
      payload: #"{"id":"e","event":"x","basket":{"price":"1.00"}}"#)
    #expect(event.data["items"] == .object([("price", .string("1.00"))]))
  }
}
