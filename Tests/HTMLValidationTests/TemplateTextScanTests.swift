import Testing

@testable import HTMLValidation

/// The scan for unrendered template text jumps sixteen bytes at a time: a hole must be found at
/// its exact offset wherever it falls in a block, and script content must still be skipped.
struct TemplateTextScanTests {
    @Test func holesAreFoundAtEveryOffsetWithinABlock() {
        for padding in 0..<34 {
            let text = "<p>" + String(repeating: "a", count: padding) + "{{name}}" + String(repeating: "b", count: 9) + "</p>"
            let hits = TemplateTextScan.scan(Array(text.utf8))
            #expect(hits.map(\.offset) == [3 + padding], "padding \(padding)")
            #expect(hits.map(\.snippet) == ["{{name}}"])
        }
    }

    @Test func closingBracesScriptsAndStylesAtEveryOffset() {
        for padding in 0..<34 {
            let pad = String(repeating: "x", count: padding)
            let page =
                "<p>\(pad)</p><script>var a = {{b: 1}};</script><style>p{{color:red}}</style><p>\(pad)}}</p><!-- {{c}} -->"
            let bytes = Array(page.utf8)
            let hits = TemplateTextScan.scan(bytes)
            let style = Array("<style>".utf8), closing = Array("}}</p>".utf8)
            let styleStart = (0..<bytes.count).first { Array(bytes[$0..<min(bytes.count, $0 + style.count)]) == style }!
            let closingStart = (0..<bytes.count).first { Array(bytes[$0..<min(bytes.count, $0 + closing.count)]) == closing }!
            #expect(hits.map(\.offset) == [styleStart + 8, closingStart], "padding \(padding)")
        }
    }
}
