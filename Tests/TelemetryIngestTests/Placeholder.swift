import Testing

@Test func placeholderForTelemetryIngest() { #expect(Bool(true)) }
