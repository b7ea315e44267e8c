import Testing

@Test func placeholderForScenarioSimulator() { #expect(Bool(true)) }
