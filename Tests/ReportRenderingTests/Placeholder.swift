import Testing

@Test func placeholderForReportRendering() { #expect(Bool(true)) }
