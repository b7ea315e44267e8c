import Testing

@Test func placeholderForCharts() { #expect(Bool(true)) }
