import Foundation
import Testing

@testable import HookgateCore

private let body = #"""
  {"id":"evt_1QhookgateA","type":"charge.succeeded",
   "data":{"object":{"amount":15000,"currency":"ron","note":"line\nbreak \"quoted\" Ș☕"}},
   "big":12345678901234567890123,"ratio":150.10}

  """#

private func makeEnvelope(occurredAt: String? = "2026-11-20T10:00:00Z") throws -> Envelope {
  let data = try JSONParser.parse(
    #"{"amount":"150.00","currency":"RON","customer":{"id":"cus_1","phone":"+40722"},"reference":"INV-001"}"#
  )
  return Envelope(
    tenant: "acme", source: "stripe", provider: .stripe,
    event: NormalizedEvent(
      providerEventID: "evt_1QhookgateA", providerType: "charge.succeeded",
      type: "payment.succeeded",
      occurredAt: occurredAt, data: data),
    receivedAtMilliseconds: 1_763_726_401_204, payload: Array(body.utf8))
}

@Suite("Envelope")
struct EnvelopeTests {
  @Test func encodedEnvelopeCarriesEveryContractField() throws {
    let envelope = try makeEnvelope()
    let json = try JSONParser.parse(envelope.encoded())
    #expect(json["id"] == .string(envelope.id))
    #expect(json["type"] == .string("payment.succeeded"))
    #expect(json["tenant"] == .string("acme"))
    #expect(json["source"] == .string("stripe"))
    #expect(json["provider"] == .string("stripe"))
    #expect(json["provider_event_id"] == .string("evt_1QhookgateA"))
    #expect(json["provider_type"] == .string("charge.succeeded"))
    #expect(json["occurred_at"] == .string("2026-11-20T10:00:00Z"))
    #expect(json["received_at"] == .string("2025-11-21T12:00:01.204Z"))
    #expect(json["data"]?["amount"] == .string("150.00"))
    #expect(json["data"]?["customer"]?["phone"] == .string("+40722"))
    #expect(json["data"]?["reference"] == .string("INV-001"))
    guard case .object(let members) = json else {
      Issue.record("the envelope is not a JSON object")
      return
    }
    #expect(
      members.map(\.key) == [
        "id", "type", "tenant", "source", "provider", "provider_event_id", "provider_type",
        "occurred_at", "received_at", "data", "payload",
      ])
  }

  @Test func payloadEqualsTheOriginalBodyParsed() throws {
    let envelope = try makeEnvelope()
    let json = try JSONParser.parse(envelope.encoded())
    #expect(json["payload"] == (try JSONParser.parse(body)))
    #expect(json["payload"]?["big"] == .number("12345678901234567890123"))
    #expect(json["payload"]?["ratio"] == .number("150.10"))
  }

  @Test func payloadBytesAreSplicedVerbatim() throws {
    let encoded = try makeEnvelope().encoded()
    let suffix = Array(",\"payload\":".utf8) + Array(body.utf8) + Array("}".utf8)
    #expect(Array(encoded.suffix(suffix.count)) == suffix)
  }

  @Test func encodedEnvelopeIsValidJSONForFoundationToo() throws {
    let encoded = try makeEnvelope().encoded()
    let object = try JSONSerialization.jsonObject(with: Data(encoded)) as? [String: Any]
    #expect(object?["tenant"] as? String == "acme")
    let payload = object?["payload"] as? [String: Any]
    let note =
      ((payload?["data"] as? [String: Any])?["object"] as? [String: Any])?["note"] as? String
    #expect(note == "line\nbreak \"quoted\" Ș☕")
  }

  @Test func envelopeWithoutOccurredAtIsStillValidJSON() throws {
    let json = try JSONParser.parse(try makeEnvelope(occurredAt: nil).encoded())
    #expect(json["occurred_at"] == nil || json["occurred_at"] == .null)
    #expect(json["received_at"] == .string("2025-11-21T12:00:01.204Z"))
  }

  @Test func stringsWithQuotesAndNewlinesAreEscapedInTheEnvelope() throws {
    let envelope = Envelope(
      tenant: "acme", source: "billing", provider: .hmac,
      event: NormalizedEvent(
        providerEventID: "id \"with\" quotes\nand newline", providerType: "Sale\tCompleted",
        type: "hmac.sale\tcompleted"),
      receivedAtMilliseconds: 0, payload: Array("[]".utf8))
    let json = try JSONParser.parse(envelope.encoded())
    #expect(json["provider_event_id"] == .string("id \"with\" quotes\nand newline"))
    #expect(json["provider_type"] == .string("Sale\tCompleted"))
    #expect(json["data"] == .object([]))
    #expect(json["payload"] == .array([]))
  }

  @Test func idIsTheGatewayEventIdOfTenantSourceAndProviderEventId() throws {
    let envelope = try makeEnvelope()
    #expect(
      envelope.id
        == GatewayEventID.make(tenant: "acme", source: "stripe", providerEventID: "evt_1QhookgateA")
    )
    #expect(envelope.type == "payment.succeeded")
  }

  @Test func fieldReadsTopLevelAndDottedDataFields() throws {
    let envelope = try makeEnvelope()
    #expect(envelope.field("data.reference") == .string("INV-001"))
    #expect(envelope.field("data.customer.phone") == .string("+40722"))
    #expect(
      envelope.field("data.customer")
        == .object([("id", .string("cus_1")), ("phone", .string("+40722"))]))
    #expect(envelope.field("type") == .string("payment.succeeded"))
    #expect(envelope.field("tenant") == .string("acme"))
    #expect(envelope.field("source") == .string("stripe"))
    #expect(envelope.field("provider") == .string("stripe"))
    #expect(envelope.field("provider_event_id") == .string("evt_1QhookgateA"))
    #expect(envelope.field("provider_type") == .string("charge.succeeded"))
    #expect(envelope.field("occurred_at") == .string("2026-11-20T10:00:00Z"))
    #expect(envelope.field("received_at") == .string("2025-11-21T12:00:01.204Z"))
    #expect(envelope.field("id") == .string(envelope.id))
  }

  @Test func fieldIndexesListsWithNumericSegments() throws {
    let data = try JSONParser.parse(
      #"{"items":[{"sku":"ROOM-1","quantity":2},{"sku":"BREAKFAST"}],"reference":"R-7"}"#)
    let envelope = Envelope(
      tenant: "acme", source: "billing", provider: .hmac,
      event: NormalizedEvent(
        providerEventID: "INV-7", providerType: "sale.completed", type: "sale.completed",
        occurredAt: nil, data: data),
      receivedAtMilliseconds: 0, payload: Array("{}".utf8))
    #expect(envelope.field("data.items.0.sku") == .string("ROOM-1"))
    #expect(envelope.field("data.items.1.sku") == .string("BREAKFAST"))
    #expect(envelope.field("data.items.2.sku") == nil)
    #expect(envelope.field("data.items.-1.sku") == nil)
    // A numeric key of an object is still a key.
    #expect(envelope.field("data.reference.0") == nil)
  }

  @Test func fieldOfSomethingAbsentIsNil() throws {
    let envelope = try makeEnvelope(occurredAt: nil)
    #expect(envelope.field("data.items") == nil)
    #expect(envelope.field("data.customer.email") == nil)
    #expect(envelope.field("data.reference.deeper") == nil)
    #expect(envelope.field("occurred_at") == nil)
    #expect(envelope.field("payload") == nil)
    #expect(envelope.field("nonsense") == nil)
  }
}
