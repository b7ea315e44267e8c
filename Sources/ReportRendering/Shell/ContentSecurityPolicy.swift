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
    static func fill(_ page: String) -> String { fill([page]) }

    /// The page made of `parts`, one after another, with its policy filled in.
    ///
    /// Reads the parts' UTF-8 in place: the trace page is megabytes, and copies of it (joined, as
    /// a byte array, the text after the placeholder, a concatenation's growth) were the largest
    /// allocations of a render (issue 7).
    static func fill(_ parts: [String]) -> String {
        let filled = fillParts(parts)
        return filled.count == 1 ? filled[0] : filled.joined()
    }

    /// `fill`, keeping the parts: only a part holding (some of) the placeholder is rebuilt, so a
    /// page's shared data part is never copied.
    static func fillParts(_ parts: [String]) -> [String] {
        let needle = Array(placeholder.utf8)
        // Found in the UTF-8 bytes (Foundation's `range(of:)` goes through UTF-16, which on a
        // page of megabytes cost more than hashing it).
        let found: (at: [(piece: Int, range: Range<Int>)], policy: String)? = PageBytes.with(parts) { bytes in
            var next = bytes.firstIndex(of: needle[0], from: 0)
            while let i = next, i + needle.count <= bytes.count {
                if needle.indices.allSatisfy({ bytes[i + $0] == needle[$0] }) {
                    return (bytes.locate(i..<(i + needle.count)), policy(for: bytes))
                }
                next = bytes.firstIndex(of: needle[0], from: i + 1)
            }
            return nil
        }
        guard let found else { return parts }
        return parts.enumerated().map { p, part in
            guard let cut = found.at.first(where: { $0.piece == p }) else { return part }
            let utf8 = part.utf8
            var filled = String(part[..<utf8.index(utf8.startIndex, offsetBy: cut.range.lowerBound)])
            if p == found.at[0].piece { filled += found.policy }
            filled += part[utf8.index(utf8.startIndex, offsetBy: cut.range.upperBound)...]
            return filled
        }
    }

    /// The policy for a rendered page: the hashes of its executable inline scripts and its
    /// style elements.
    static func policy(for page: String) -> String {
        PageBytes.with([page]) { policy(for: $0) }
    }

    static func policy(for bytes: PageBytes) -> String {
        let blocks = inlineBlockRanges(bytes)
        func sources(_ list: [String]) -> String { list.isEmpty ? "'none'" : Array(Set(list)).sorted().joined(separator: " ") }
        let scripts = sources(blocks.scripts.map { bytes.cspSource($0) })
        let styles = sources(blocks.styles.map { bytes.cspSource($0) })
        return "default-src 'none'; script-src \(scripts); style-src \(styles); style-src-elem \(styles); "
            + "style-src-attr 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    }

    /// The raw text of every `<script>` without `src` whose type is JavaScript (data blocks such
    /// as `type="application/json"` are never executed, so CSP does not apply to them), and of
    /// every `<style>`.
    static func inlineBlocks(_ bytes: PageBytes) -> (scripts: [String], styles: [String]) {
        let ranges = inlineBlockRanges(bytes)
        return (ranges.scripts.map { bytes.text($0) }, ranges.styles.map { bytes.text($0) })
    }

    /// Where the blocks of `inlineBlocks` are in the page: a block is decoded only when its bytes
    /// were not hashed before (`PageBytes.cspSource`).
    static func inlineBlockRanges(_ bytes: PageBytes) -> (scripts: [Range<Int>], styles: [Range<Int>]) {
        var scripts: [Range<Int>] = [], styles: [Range<Int>] = []
        var i = 0
        let n = bytes.count
        while i < n {
            // A page of waterfalls has a tag every few bytes; only `<s` can begin either block.
            guard let found = bytes.firstIndex(of: UInt8(ascii: "<"), followedBy: UInt8(ascii: "s"), from: i) else { break }
            i = found
            // `<span`, `<section`, `<summary`, `<svg` and the rest end here on their third
            // byte: of the tags starting `<s`, only `<sc…` and `<st…` are read on (each `matches`
            // looks up the piece of every byte; 80,000 calls at 100k spans).
            let third = i + 2 < n ? bytes[i + 2] : 0
            guard third == UInt8(ascii: "c") || third == UInt8(ascii: "t") else {
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
            let tag = bytes.text(afterName..<tagEnd)
            if bytes[tagEnd - 1] == UInt8(ascii: "/") {
                i = tagEnd + 1
                continue
            }  // self-closed: no content
            let close = "</" + name
            var end = tagEnd + 1
            while end < n && !(bytes[end] == UInt8(ascii: "<") && matches(bytes, end, close)) {
                end = bytes.firstIndex(of: UInt8(ascii: "<"), from: end + 1) ?? n
            }
            // Never decoded here: a data block (the trace table's JSON) is megabytes.
            if name == "style" {
                styles.append((tagEnd + 1)..<end)
            } else if !tag.contains("src=") && isJavaScriptType(tag) {
                scripts.append((tagEnd + 1)..<end)
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

    static func matches(_ bytes: PageBytes, _ at: Int, _ s: String) -> Bool {
        var k = at
        for b in s.utf8 {
            guard k < bytes.count, bytes[k] == b else { return false }
            k += 1
        }
        return true
    }

    static func find(_ bytes: PageBytes, _ b: UInt8, from: Int) -> Int? {
        bytes.firstIndex(of: b, from: from)
    }
}
