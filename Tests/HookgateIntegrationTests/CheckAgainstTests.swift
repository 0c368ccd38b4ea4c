import Foundation
import Testing

/// `hookgate check FILE --against OLD` on the shipped routes.yaml and an edited copy of it.
@Suite("hookgate check --against")
struct CheckAgainstTests {
  static let shipped = ExplainTests.repository.appendingPathComponent("routes.yaml")

  /// The shipped file with `edit` applied, written to a fresh directory.
  static func edited(_ edit: (String) -> String) throws -> URL {
    let text = try String(contentsOf: shipped, encoding: .utf8)
    let file = makeTemporaryDirectory("check").appendingPathComponent("routes.yaml")
    try edit(text).write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test func shippedFileChecksCleanAndHasNoChangesAgainstItself() async throws {
    let (output, status) = try await runHookgateWithStatus(
      ["check", Self.shipped.path, "--against", Self.shipped.path],
      environment: ExplainTests.makefileEnvironment)
    #expect(status == 0, "\(output)")
    // Only the optional rotation slot left empty by the demo environment.
    let warnings = output.split(separator: "\n").filter { $0.contains("warning:") }
    #expect(warnings.count == 1 && warnings[0].hasSuffix("secret 2 is empty and was dropped"))
    #expect(output.contains("no changes"), "\(output)")
  }

  @Test func changesArePrintedAndSecretValuesNever() async throws {
    let new = try Self.edited {
      $0.replacingOccurrences(of: "rate_limit: 3/s", with: "rate_limit: 5/s")
        .replacingOccurrences(of: "${INVOICES_SIGNING_SECRET}", with: "${NEW_INVOICES_SECRET}")
          + """
            - name: refunds-to-crm
              match: {type: payment.refunded, where: {data.amount: {gt: "0"}}}
              to: [reservation-status]

          """
    }
    var environment = ExplainTests.makefileEnvironment
    environment["NEW_INVOICES_SECRET"] = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
    let (output, status) = try await runHookgateWithStatus(
      ["check", new.path, "--against", Self.shipped.path], environment: environment)
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n").map(String.init)
    #expect(
      lines.contains(
        "~ handler invoice-conversion: secret changed; rate_limit 3/s -> 5/s"), "\(output)")
    #expect(lines.contains("+ route refunds-to-crm"), "\(output)")
    #expect(!output.contains("C2FVsBQ") && !output.contains("MfKQ9r8"), "\(output)")

    // The other way round, the route goes away.
    let (reverse, _) = try await runHookgateWithStatus(
      ["check", Self.shipped.path, "--against", new.path], environment: environment)
    #expect(reverse.split(separator: "\n").contains("- route refunds-to-crm"), "\(reverse)")
  }

  @Test func invalidFileStillExitsOneWhateverTheComparison() async throws {
    let broken = try Self.edited {
      $0.replacingOccurrences(of: "to: [loyalty-point]\n", with: "to: [loyalty-pointz]\n")
    }
    let (output, status) = try await runHookgateWithStatus(
      ["check", broken.path, "--against", Self.shipped.path],
      environment: ExplainTests.makefileEnvironment)
    #expect(status == 1, "\(output)")
    #expect(output.contains("undefined handler 'loyalty-pointz'"), "\(output)")
  }

  @Test func oldFileThatDoesNotLoadIsReportedWithoutFailingTheCheck() async throws {
    let (output, status) = try await runHookgateWithStatus(
      ["check", Self.shipped.path, "--against", "/nonexistent/routes.yaml"],
      environment: ExplainTests.makefileEnvironment)
    #expect(status == 0, "\(output)")
    #expect(output.contains("cannot compare with /nonexistent/routes.yaml"), "\(output)")
  }
}
