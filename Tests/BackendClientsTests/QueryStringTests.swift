import Testing

@testable import BackendClients

@Suite struct QueryStringTests {
    @Test func plusAndSpacesArePercentEncodedSoPromQLSurvivesFormDecoding() {
        #expect(
            QueryString.encode([("query", "a + b{x=\"1e+05\"}"), ("step", "15")])
                == "query=a%20%2B%20b%7Bx%3D%221e%2B05%22%7D&step=15")
    }
}
