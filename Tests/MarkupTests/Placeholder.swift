import Testing

@Test func placeholderForMarkup() { #expect(Bool(true)) }
