// libFuzzer entry point over everything hookgate parses from a request before it is trusted:
// signature headers, JSON bodies, JSONPath and signed-content templates from routes.yaml,
// provider timestamps, and every normalizer. Compiled by `bench/fuzz/run` together with the
// HookgateCore sources into one module, so internal parsers (`StripeVerifier.parse`,
// `PayPalVerifier.parse`) are reachable without `@testable`.
//
// Every input goes to every parser. Besides "no trap, no ASan report", a few properties are
// checked with `precondition` (a failure is a crash libFuzzer saves): what JSONParser accepts,
// JSONWriter writes back to the same value; every envelope hookgate builds is valid JSON; a
// provider date-time's normalized form reads back as the same instant.

import Foundation

private let now = Date(timeIntervalSince1970: 1_763_726_400)

/// A document JSONPath selections run against; the fuzzed body is the other one.
private let fixedDocument: JSONValue = .object([
  ("a", .object([("b", .array([.number("1"), .string("x"), .object([("c", .null)])]))])),
  ("odd key", .bool(true)),
])

private func path(_ text: String) -> ValueLocator {
  do throws(JSONPath.ParseError) {
    return .jsonPath(try JSONPath(parsing: text))
  } catch {
    preconditionFailure("fixed JSONPath \(text) does not parse: \(error)")
  }
}

/// One source per provider, as config load would make them, plus a billing source that maps
/// fields, so every normalizer and the verifiers of every HMAC preset see each input.
private let sources: [Source] =
  ProviderKind.allCases.map { provider in
    Source(
      tenant: "acme", name: provider.rawValue, provider: provider,
      secrets: [Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")], webhookID: "WH-1",
      notificationURL: "https://hooks.example.com/webhooks/acme/square",
      signature: SignatureFormat(header: "X-Signature", encoding: .hex, prefix: "sha256="))
  } + [
    Source(
      tenant: "acme", name: "billing", provider: .hmac, secrets: [Secret("billing")],
      signature: SignatureFormat(header: "X-Signature", encoding: .base64, prefix: "v1="),
      eventID: path("$.invoice_number"), eventType: path("$.event"),
      fields: [
        "amount": path("$.total_amount"), "currency": path("$.currency"),
        "customer.phone": path("$['customer phone']"), "items": path("$.products[*]"),
        "items.unit_price": path("$.products[0].price"), "occurred_at": path("$.sale_date"),
        "reference": .header("X-Reference"),
      ])
  ]

private let normalizers = sources.map { (source: $0, normalizer: Normalizers.make(for: $0)) }
private let hmacVerifiers = sources.compactMap { source in
  HMACScheme.make(for: source).map { HMACVerifier(secrets: source.secrets, scheme: $0) }
}
private let hmacSchemes = hmacVerifiers.map(\.scheme)

/// `name: value` lines, the way the fuzzer can most easily spell headers.
private func headers(in text: String) -> HeaderFields {
  var fields: [(name: String, value: String)] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
    guard let colon = line.firstIndex(of: ":") else { continue }
    fields.append(
      (
        String(line[..<colon]),
        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      ))
  }
  return HeaderFields(fields)
}

private func fuzzHeaderParsers(_ text: String, _ bytes: [UInt8]) {
  if case .success(let parsed) = StripeVerifier.parse(text) {
    precondition(parsed.timestamp >= 0 && !parsed.signatures.isEmpty)
    precondition(parsed.signatures.allSatisfy { $0.count == Crypto.sha256Length })
  }
  for scheme in hmacSchemes {
    if case .success(let signatures) = scheme.signatures(in: text) {
      precondition(!signatures.isEmpty)
      precondition(signatures.allSatisfy { $0.count == Crypto.sha256Length })
    }
  }
  if let decoded = ByteEncoding.fromHex(text) {
    precondition(ByteEncoding.hex(decoded) == text.lowercased())
  }
  _ = ByteEncoding.fromBase64(text)

  let request = InboundRequest(headers: headers(in: text), body: bytes)
  _ = StripeVerifier(secrets: [Secret("whsec_x")], tolerance: .seconds(300)).verify(
    request, now: now)
  for verifier in hmacVerifiers { _ = verifier.verify(request, now: now) }
  _ = PayPalVerifier.parse(request.headers)
  _ = PayPalVerifier.date(iso8601: text)
  _ = CertificateURLPolicy().allows(text)
  _ = Certificate.parseChain(pem: bytes)
}

private func fuzzConfigParsers(_ text: String) {
  if let parsed = try? JSONPath(parsing: text) {
    _ = parsed.select(in: fixedDocument)
  }
  if let template = try? SignedContentTemplate(parsing: text) {
    precondition(template.uses(.body) && template.description == text)
    _ = template.render(body: [1, 2], timestamp: "1", id: "i", url: "u")
  }
}

private func fuzzTimestamps(_ text: String) {
  guard let millis = Timestamp.epochMilliseconds(iso8601: text) else { return }
  let normalized = Timestamp.normalized(iso8601: text)
  precondition(normalized.flatMap(Timestamp.epochMilliseconds(iso8601:)) == millis)
}

private func fuzzBody(_ bytes: [UInt8], headers: HeaderFields) {
  guard let payload = try? JSONParser.parse(bytes) else { return }
  let written = JSONWriter.encode(payload)
  precondition(
    (try? JSONParser.parse(written)) == payload, "JSONWriter output reads back differently")

  let request = InboundRequest(headers: headers, body: bytes)
  for (source, normalizer) in normalizers {
    guard case .success(let events) = normalizer.normalize(request, payload: payload) else {
      continue
    }
    for event in events {
      let envelope = Envelope(
        tenant: source.tenant, source: source.name, provider: source.provider, event: event,
        receivedAtMilliseconds: 1_763_726_401_204, payload: bytes)
      precondition((try? JSONParser.parse(envelope.encoded())) != nil, "envelope is not JSON")
      _ = envelope.field("data.reference")
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let text = String(decoding: bytes, as: UTF8.self)
  fuzzHeaderParsers(text, bytes)
  fuzzConfigParsers(text)
  fuzzTimestamps(text)
  fuzzBody(bytes, headers: headers(in: text))
  return 0
}
