import Testing

@Test func placeholderForTelemetryModel() { #expect(Bool(true)) }
