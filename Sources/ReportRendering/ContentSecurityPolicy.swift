import Digest

/// The Content-Security-Policy every page carries in a `<meta http-equiv>` (CSP Level 3), so a
/// report published on static hosting cannot load or send anything even if an escape were
/// missed: no network source at all (`default-src 'none'`, `base-uri`/`form-action 'none'`),
/// and only the page's own inline `<script>` and `<style>` blocks, each named by the SHA-256
/// of its exact text (CSP §8.4: the hash covers the element's text as the HTML parser sees it,
/// so it is computed from the rendered page, not from the template's inputs).
///
/// Style attributes (`style="left:12%"` on waterfall bars) are allowed through
/// `style-src-attr 'unsafe-inline'`: they cannot load anything (CSS `url()` falls under
/// `img-src`/`font-src`, which stay closed), and listing a hash per distinct bar position would
/// make the policy larger than the page. Browsers without `style-src-elem`/`-attr` use
/// `style-src`, which carries the same stylesheet hash.
enum ContentSecurityPolicy {
    /// What `templates/page.mustache` puts in the meta's `content`; data can never spell it
    /// (braces in data are always written as references or `\u007b`).
    static let placeholder = "{content-security-policy}"

    /// The page with its policy filled in.
    static func fill(_ page: String) -> String {
        // Found in the UTF-8 view (Foundation's `range(of:)` goes through UTF-16, which on a
        // page of megabytes cost more than hashing it).
        let needle = Array(placeholder.utf8)
        let utf8 = page.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if utf8[i] == needle[0], utf8[i...].starts(with: needle) {
                let end = utf8.index(i, offsetBy: needle.count)
                return String(page[..<i]) + policy(for: page) + String(page[end...])
            }
            i = utf8.index(after: i)
        }
        return page
    }

    /// The policy for a rendered page: the hashes of its executable inline scripts and its
    /// style elements.
    static func policy(for page: String) -> String {
        let blocks = inlineBlocks(Array(page.utf8))
        func sources(_ list: [String]) -> String { list.isEmpty ? "'none'" : Array(Set(list)).sorted().joined(separator: " ") }
        let scripts = sources(blocks.scripts.map { SHA256.cspSource($0) })
        let styles = sources(blocks.styles.map { SHA256.cspSource($0) })
        return "default-src 'none'; script-src \(scripts); style-src \(styles); style-src-elem \(styles); "
            + "style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    }

    /// The raw text of every `<script>` without `src` whose type is JavaScript (data blocks such
    /// as `type="application/json"` are never executed, so CSP does not apply to them), and of
    /// every `<style>`.
    static func inlineBlocks(_ bytes: [UInt8]) -> (scripts: [String], styles: [String]) {
        var scripts: [String] = [], styles: [String] = []
        var i = 0
        let n = bytes.count
        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            let name: String
            if matches(bytes, i + 1, "script") {
                name = "script"
            } else if matches(bytes, i + 1, "style") {
                name = "style"
            } else {
                i += 1
                continue
            }
            let afterName = i + 1 + name.utf8.count
            guard afterName < n, bytes[afterName] == UInt8(ascii: ">") || bytes[afterName] == 0x20 else {
                i += 1
                continue
            }
            guard let tagEnd = find(bytes, UInt8(ascii: ">"), from: afterName) else { break }
            let tag = String(decoding: bytes[afterName..<tagEnd], as: UTF8.self)
            if bytes[tagEnd - 1] == UInt8(ascii: "/") {
                i = tagEnd + 1
                continue
            }  // self-closed: no content
            let close = "</" + name
            var end = tagEnd + 1
            while end < n && !(bytes[end] == UInt8(ascii: "<") && matches(bytes, end, close)) { end += 1 }
            let text = String(decoding: bytes[(tagEnd + 1)..<end], as: UTF8.self)
            if name == "style" {
                styles.append(text)
            } else if !tag.contains("src=") && isJavaScriptType(tag) {
                scripts.append(text)
            }
            i = end
        }
        return (scripts, styles)
    }

    /// No `type`, or one of the JavaScript MIME types / `module` (HTML §4.12.1.1).
    static func isJavaScriptType(_ tag: String) -> Bool {
        guard let r = tag.range(of: "type=\"") else { return true }
        let value = tag[r.upperBound...].prefix { $0 != "\"" }.lowercased()
        return value.isEmpty || value == "module" || value == "text/javascript" || value == "application/javascript"
    }

    static func matches(_ bytes: [UInt8], _ at: Int, _ s: String) -> Bool {
        var k = at
        for b in s.utf8 {
            guard k < bytes.count, bytes[k] == b else { return false }
            k += 1
        }
        return true
    }

    static func find(_ bytes: [UInt8], _ b: UInt8, from: Int) -> Int? {
        var i = from
        while i < bytes.count {
            if bytes[i] == b { return i }
            i += 1
        }
        return nil
    }
}
