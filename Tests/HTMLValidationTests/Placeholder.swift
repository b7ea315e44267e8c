import Testing

@Test func placeholderForHTMLValidation() { #expect(Bool(true)) }
