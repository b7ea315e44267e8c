import Digest
import Testing

@testable import HTMLValidation

/// The `content-security-policy` rule: present, closed to the network, inline blocks by hash.
@Suite(.serialized) struct ContentSecurityPolicyRuleTests {
    let validator = HTMLValidator()

    func issues(_ text: String) -> [ValidationIssue] {
        validator.validate([HTMLDocument(path: "p.html", text: text)]).filter { $0.rule == "content-security-policy" }
    }

    /// A page with the given policy, one style and one script.
    func page(policy: String?, style: String = "p{color:red}", script: String = "var a = 1;") -> String {
        let meta = policy.map { #"<meta http-equiv="Content-Security-Policy" content="\#($0)"/>"# } ?? ""
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>\(meta)<title>t</title>
            <style>\(style)</style></head>
            <body><p>x</p><script>//<![CDATA[
            \(script)
            //]]></script><script type="application/json" id="d">{"a": 1}</script></body></html>

            """
    }

    var good: String {
        "default-src 'none'; script-src \(SHA256.cspSource("//<![CDATA[\nvar a = 1;\n//]]>")); style-src \(SHA256.cspSource("p{color:red}")); style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'"
    }

    @Test func aPolicyListingEveryInlineBlocksHashPasses() {
        #expect(issues(page(policy: good)) == [])
    }

    @Test func aMissingPolicyIsReported() throws {
        let result = issues(page(policy: nil))
        #expect(result.count == 1)
        #expect(try #require(result.first).message.hasPrefix("no Content-Security-Policy"))
    }

    @Test func aChangedScriptOrStyleNoLongerMatchesItsHash() {
        let result = issues(page(policy: good, style: "p{color:blue}", script: "var a = 2;"))
        #expect(result.map(\.line) == [3, 4])
        #expect(result.allSatisfy { $0.message.contains("is not listed") })
    }

    @Test func policiesThatAllowTheNetworkOrAnyInlineScriptAreRefused() {
        for (weak, needle) in [
            ("default-src 'self'", "default-src 'none'"),
            (good + "; connect-src https://example.com", "connect-src allows https://example.com"),
            (good.replacingOccurrences(of: "script-src ", with: "script-src 'unsafe-inline' "), "script-src allows 'unsafe-inline'"),
            (good + "; report-uri /r", "report-uri would send"),
            (good.replacingOccurrences(of: "img-src data:", with: "img-src *"), "img-src allows *"),
        ] {
            let result = issues(page(policy: weak))
            #expect(result.contains { $0.message.contains(needle) }, "\(weak): \(result)")
        }
    }

    @Test func aPolicyAfterTheBlocksItShouldCoverIsReported() {
        let text = page(policy: nil).replacingOccurrences(
            of: "<p>x</p>", with: #"<p>x</p><meta http-equiv="Content-Security-Policy" content="\#(good)"/>"#)
        #expect(issues(text).contains { $0.message.contains("comes before the Content-Security-Policy") })
    }

    @Test func aScriptInsideSVGIsCheckedToo() {
        let text = page(policy: good).replacingOccurrences(
            of: "<p>x</p>",
            with: #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" role="img"><title>t</title><script>alert(1)</script></svg>"#)
        #expect(issues(text).contains { $0.message.hasPrefix("inline <script> is not allowed") })
    }

    /// Where `needle` starts in `text`, counted by hand: lines from 1, columns in characters.
    func place(of needle: String, in text: String) -> (line: Int, column: Int) {
        let before = text[..<text.range(of: needle)!.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = (before.lastIndex(of: "\n").map { before[before.index(after: $0)...] } ?? before[...]).count + 1
        return (line, column)
    }

    /// Problems are placed at the element they are about (worked out only when reported).
    @Test func problemsArePlacedAtTheirElements() {
        let withPolicy = page(policy: "default-src 'none'; script-src 'none'; style-src 'none'")
        let found = issues(withPolicy)
        let script = place(of: "<script>", in: withPolicy), style = place(of: "<style>", in: withPolicy)
        #expect(found.contains { $0.message.hasPrefix("inline <script>") && ($0.line, $0.column) == script })
        #expect(found.contains { $0.message.hasPrefix("inline <style>") && ($0.line, $0.column) == style })
        let without = page(policy: nil)
        let missing = issues(without).first { $0.message.hasPrefix("no Content-Security-Policy") }
        #expect(missing.map { ($0.line, $0.column) } ?? (0, 0) == place(of: "<style>", in: without))
    }
}
