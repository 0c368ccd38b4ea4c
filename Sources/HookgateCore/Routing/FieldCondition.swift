/// One condition of `match.where` (or of one `match.any` alternative) on an envelope field:
/// `data.amount: {gt: "0"}` is `FieldCondition(field: "data.amount", op: .gt, operand: .value("0"))`.
///
/// Evaluated by ``holds(in:)`` (FieldCondition+Evaluation.swift).
public struct FieldCondition: Sendable, Equatable, Hashable, CustomStringConvertible {
  public enum Operator: String, Sendable, Equatable, Hashable, CaseIterable {
    case eq, ne, `in`, nin, gt, gte, lt, lte, exists, prefix

    /// Whether the operator orders values (and so compares decimals and instants by value).
    var isOrdering: Bool { [.gt, .gte, .lt, .lte].contains(self) }
  }

  /// What the operator compares against, as written in routes.yaml (after `${…}`).
  public enum Operand: Sendable, Equatable, Hashable {
    /// `eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `prefix`.
    case value(String)
    /// `in`, `nin`.
    case values([String])
    /// `exists`.
    case flag(Bool)
  }

  /// A dotted envelope field: `type`, `tenant`, `occurred_at`, `data.amount`,
  /// `data.customer.email`, … (see ``Envelope/field(_:)``).
  public var field: String
  public var op: Operator
  public var operand: Operand

  public init(field: String, op: Operator, operand: Operand) {
    self.field = field
    self.op = op
    self.operand = operand
  }

  /// `data.amount gt "0"`, for `hookgate explain` and diffs.
  public var description: String {
    switch operand {
    case .value(let text): return "\(field) \(op.rawValue) \(Self.quoted(text))"
    case .values(let texts):
      return "\(field) \(op.rawValue) [\(texts.map(Self.quoted).joined(separator: ", "))]"
    case .flag(let flag): return "\(field) \(op.rawValue) \(flag)"
    }
  }

  static func quoted(_ text: String) -> String { "\"\(text)\"" }
}

/// The envelope fields a condition may name besides `data.…`.
extension FieldCondition {
  public static let envelopeFields = [
    "id", "type", "tenant", "source", "provider", "provider_event_id", "provider_type",
    "occurred_at", "received_at",
  ]

  /// Fields holding RFC 3339 instants: ordering operators on them need a date-time operand.
  static let instantFields: Set<String> = ["occurred_at", "received_at"]

  /// Fields holding decimal amounts: every comparison on them is by value, so `"150"` equals
  /// `"150.00"`, and their operands must be decimals.
  static let amountFields: Set<String> = ["data.amount"]
}
