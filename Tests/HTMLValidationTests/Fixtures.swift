import Digest

@testable import HTMLValidation

/// Small inline pages. `page(body:)` puts the first body line on line 9, so a test can name
/// the exact line it breaks.
enum Fixtures {
    static let bodyFirstLine = 9

    static func page(title: String = "Report", head: String = "", body: String) -> String {
        withPolicy(
            """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            \(meta)
            <title>\(title)</title>
            <style>body { color: #222; }\(head)</style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """)
    }

    /// Fills `CSP` (in the meta on the charset line, so line numbers stay) with a policy that
    /// lists the hashes of the page's `<script>` (without `src`) and `<style>` blocks.
    static func withPolicy(_ text: String) -> String {
        func blocks(_ open: String, _ close: String) -> [String] {
            text.components(separatedBy: open).dropFirst().compactMap { $0.components(separatedBy: close).first }
        }
        let scripts = blocks("<script>", "</script>").map { SHA256.cspSource($0) }
        let styles = blocks("<style>", "</style>").map { SHA256.cspSource($0) }
        let policy =
            "default-src 'none'; script-src \(scripts.isEmpty ? "'none'" : scripts.joined(separator: " ")); style-src \(styles.joined(separator: " ")); img-src data:"
        return text.replacingOccurrences(of: "CSP", with: policy)
    }

    static let meta = #"<meta charset="utf-8"/><meta http-equiv="Content-Security-Policy" content="CSP"/>"#

    /// A valid overview page: HTML5 sectioning elements, inline SVG with titles, escaped
    /// hostile text, numeric references, links within the page, to another page and away.
    static let index = withPolicy(
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        \(meta)
        <title>Report</title>
        <style>body { color: #222; } .bar { fill: url(#grad); } @media print { nav { display: none; } }</style>
        </head>
        <body>
        <header><nav><a href="#summary">Summary</a> <a href="traces/t1.html#span-1">Trace</a> <a href="https://opentelemetry.io/">OTel</a> <a href="#">Top</a></nav></header>
        <main>
        <section id="summary"><h1>Summary &#8212; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;{x}&quot;</h1>
        <p title="a &lt;b&gt; &amp; c">caf&#233; ☕ 100&#160;ms</p>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" role="img" aria-labelledby="c1t">
        <title id="c1t">Latency</title>
        <defs><linearGradient id="grad"><stop offset="0"/></linearGradient></defs>
        <rect class="bar" x="0" y="0" width="10" height="20"><title>p50 3 ms</title></rect>
        <a href="traces/t1.html"><text x="1" y="9">t1</text></a>
        </svg>
        <details><summary>Data</summary><table><tr><td>1</td></tr></table></details>
        <img src="data:image/png;base64,AAAA" alt=""/><br/>
        </section>
        </main>
        <script>document.querySelectorAll("a").forEach(function (a) { var o = {k: {j: 1}}; });</script>
        </body>
        </html>

        """)

    static let trace = withPolicy(
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>\(meta)<title>Trace t1</title></head>
        <body>
        <p><a href="../index.html#summary">Back</a> <a href="../index.html">Overview</a></p>
        <ol><li id="span-1">GET /</li></ol>
        </body>
        </html>

        """)
}
