import Testing

@Test func placeholderForOTelReportCLI() { #expect(Bool(true)) }
