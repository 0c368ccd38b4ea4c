import HookgateCore
import Testing

@Suite("${VAR} interpolation")
struct EnvironmentInterpolationTests {
  private let environment = ["A": "alpha", "B": "beta", "EMPTY": ""]

  @Test(arguments: [
    ("${A}", "alpha"),
    ("x-${A}-${B}-y", "x-alpha-beta-y"),
    ("${MISSING:-fallback}", "fallback"),
    ("${MISSING:-}", ""),
    ("${EMPTY:-used when empty}", "used when empty"),
    ("${A:-unused}", "alpha"),
    ("${MISSING:-${B}}", "beta"),
    ("${A:-${MISSING}}", "alpha"),
    ("$.invoice_number", "$.invoice_number"),
    ("cost $5", "cost $5"),
    ("$", "$"),
    ("$$", "$$"),
    ("$${A}", "$alpha"),
    ("no references", "no references"),
    ("${EMPTY}", ""),
  ])
  func expandsReferences(text: String, expected: String) throws {
    #expect(
      try EnvironmentInterpolation.interpolate(text, environment: environment) == expected)
  }

  @Test func unsetRequiredVariablesAreAllNamed() {
    #expect(
      throws: EnvironmentInterpolation.Failure(problems: [
        .unsetVariable("X"), .unsetVariable("Y"),
      ])
    ) {
      try EnvironmentInterpolation.interpolate("${X}/${A}/${Y}", environment: environment)
    }
  }

  @Test(arguments: [
    ("${A", EnvironmentInterpolation.Failure.Problem.unterminated(offset: 0)),
    ("ab${}", .invalidReference(offset: 2)),
    ("${A-x}", .invalidReference(offset: 0)),
    ("${1A}", .invalidReference(offset: 0)),
    ("${A B}", .invalidReference(offset: 0)),
    ("${MISSING:-x", .unterminated(offset: 0)),
  ])
  func malformedReferencesAreErrors(
    text: String, problem: EnvironmentInterpolation.Failure.Problem
  ) {
    #expect(throws: EnvironmentInterpolation.Failure(problems: [problem])) {
      try EnvironmentInterpolation.interpolate(text, environment: environment)
    }
  }

  @Test func problemsDoNotQuoteTheTextBetweenBraces() {
    let problem = EnvironmentInterpolation.Failure.Problem.invalidReference(offset: 0)
    #expect(!problem.description.contains("whsec"))
    #expect(EnvironmentInterpolation.containsReference("a${B}"))
    #expect(!EnvironmentInterpolation.containsReference("$.a"))
  }
}
