import Testing

@Test func placeholderForTelemetryAnalysis() { #expect(Bool(true)) }
