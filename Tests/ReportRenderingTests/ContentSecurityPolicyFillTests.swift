import Digest
import Testing
import Vocabulary

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

    /// Of the many tags starting `<s`, only styles and executable scripts are hashed, wherever
    /// the pieces are cut (between `<s` and its third byte included), and a page ending in `<s`
    /// or `<st` is read to its end.
    @Test func onlyStylesAndScriptsAreTakenAmongTheTagsStartingWithS() {
        let page = """
            <span><section><summary>s</summary><svg><strong>b</strong></svg><style>a{}</style><sub/><small/>\
            <script>x()</script><script type="application/json">{}</script><select/><sup>2</sup><st
            """
        let bytes = Array(page.utf8)
        for cut in 0...bytes.count {
            bytes[..<cut].withUnsafeBufferPointer { a in
                bytes[cut...].withUnsafeBufferPointer { b in
                    let blocks = ContentSecurityPolicy.inlineBlocks(PageBytes([a, b]))
                    #expect(blocks.styles == ["a{}"], "cut at \(cut)")
                    #expect(blocks.scripts == ["x()"], "cut at \(cut)")
                }
            }
        }
        for end in ["<s", "<st", "<sc"] {
            Array(("<p>" + end).utf8).withUnsafeBufferPointer { all in
                let blocks = ContentSecurityPolicy.inlineBlocks(PageBytes([all]))
                #expect(blocks.styles.isEmpty && blocks.scripts.isEmpty)
            }
        }
    }

    /// A block's hash is read in place when it lies in one piece and from its decoded text when
    /// the pieces cut it: the policy is the same wherever the page is cut, and names each
    /// block's text (a stylesheet with a two-byte character cut between its bytes too).
    @Test func policyIsTheSameWhereverThePageIsCut() {
        let page = "<head><style>p::after{content:\"\u{E9}\"}</style></head><script>x()</script><p>\u{20AC}</p>"
        let bytes = Array(page.utf8)
        let expected =
            "default-src 'none'; script-src \(SHA256.cspSource("x()")); style-src \(SHA256.cspSource("p::after{content:\"\u{E9}\"}")); "
        for cut in 0...bytes.count {
            bytes[..<cut].withUnsafeBufferPointer { a in
                bytes[cut...].withUnsafeBufferPointer { b in
                    #expect(ContentSecurityPolicy.policy(for: PageBytes([a, b])).hasPrefix(expected), "cut at \(cut)")
                }
            }
        }
    }

    /// `<s` is found wherever the pieces are cut, between its two bytes included, and from any
    /// start: random texts of `<`, `s` and `x` cut into one to four pieces (empty ones too),
    /// against a search of the joined bytes.
    @Test func pairsAreFoundAcrossPieces() {
        var random = SplitMix64(seed: 29)
        for _ in 0..<500 {
            let alphabet = [UInt8(ascii: "<"), UInt8(ascii: "s"), UInt8(ascii: "x")]
            // Up to 59 bytes: pieces long enough for sixteen starts at a time, and short ones.
            let text = (0..<Int(random.next() % 60)).map { _ in alphabet[Int(random.next() % 3)] }
            var cuts = (0..<Int(random.next() % 4)).map { _ in Int(random.next() % UInt64(text.count + 1)) }.sorted()
            cuts = [0] + cuts + [text.count]
            let pieces = zip(cuts, cuts.dropFirst()).map { Array(text[$0..<$1]) }
            func search(_ buffers: [UnsafeBufferPointer<UInt8>]) {
                let bytes = PageBytes(buffers)
                for from in 0...text.count {
                    let expected = (from..<max(from, text.count - 1)).first { text[$0] == alphabet[0] && text[$0 + 1] == alphabet[1] }
                    let found = bytes.firstIndex(of: alphabet[0], followedBy: alphabet[1], from: from)
                    #expect(found == expected, "\(pieces) from \(from)")
                }
            }
            func nest(_ k: Int, _ buffers: [UnsafeBufferPointer<UInt8>]) {
                if k == pieces.count { return search(buffers) }
                pieces[k].withUnsafeBufferPointer { nest(k + 1, buffers + [$0]) }
            }
            nest(0, [])
        }
    }
}
