import Testing

@testable import ReportRendering

/// The policy is filled into a page given as parts exactly as into the page in one piece,
/// wherever the parts are cut (through the placeholder, a style or a script included), and only
/// parts holding the placeholder are rebuilt.
struct ContentSecurityPolicyFillTests {
    static let page = """
        <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="\(ContentSecurityPolicy.placeholder)"/>\
        <style>p{color:red}</style></head><body><p>x</p><script type="application/json">{"a":1}</script>\
        <script>var a = 1;</script></body></html>
        """

    @Test func partsGiveThePageInOnePiece() {
        let whole = ContentSecurityPolicy.fill(Self.page)
        #expect(!whole.contains(ContentSecurityPolicy.placeholder))
        let bytes = Array(Self.page.utf8)
        for a in stride(from: 0, to: bytes.count, by: 7) {
            for b in stride(from: a, to: bytes.count, by: 13) {
                let parts = [bytes[..<a], bytes[a..<b], bytes[b...]].map { String(decoding: $0, as: UTF8.self) }
                #expect(ContentSecurityPolicy.fillParts(parts).joined() == whole, "cut at \(a), \(b)")
            }
        }
    }

    @Test func partsWithoutThePlaceholderAreKept() {
        let cut = Self.page.range(of: "<body>")!.lowerBound
        let parts = [String(Self.page[..<cut]), String(Self.page[cut...])]
        let filled = ContentSecurityPolicy.fillParts(parts)
        #expect(filled.count == 2 && filled[1] == parts[1] && filled[0] != parts[0])
    }
}
