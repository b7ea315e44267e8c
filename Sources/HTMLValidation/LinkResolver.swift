import Foundation

/// Checks that every link inside the report reaches a page of the set and, when it names a
/// fragment, an `id` in that page.
///
/// Links are resolved like a browser opening the report from disk: relative to the linking
/// page's folder, query dropped, `%XX` decoded. A page outside the validated set is looked for
/// on disk under `baseDirectory` (existence only; its ids are not checked).
struct LinkResolver {
    /// Normalised page path → its ids (`nil` for a page that is not well-formed).
    let pages: [String: Set<String>?]
    /// Folder the page paths are relative to, when the pages exist on disk.
    let baseDirectory: String?

    /// Issues for the links of the page at normalised path `pagePath`, shown as `file`.
    func check(_ links: [PageScan.Link], from pagePath: String, file: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let folder = Self.folder(of: pagePath)
        for link in links {
            if let problem = problem(with: link.href, from: pagePath, folder: folder) {
                issues.append(
                    ValidationIssue(
                        file: file, at: link.position, rule: .brokenLink,
                        message: "\(link.origin) \"\(link.href)\" \(problem)"))
            }
        }
        return issues
    }

    /// Why `href` does not resolve, or `nil` when it does (or leaves the report on purpose).
    func problem(with href: String, from pagePath: String) -> String? {
        problem(with: href, from: pagePath, folder: Self.folder(of: pagePath))
    }

    /// The folder of a page path (`traces` of `traces/x.html`, empty at the top).
    static func folder(of pagePath: String) -> String {
        guard let slash = pagePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(pagePath[..<slash])
    }

    /// Where an href leads, before the pages are consulted.
    enum Destination: Equatable {
        /// It leaves the report on purpose (another site, `mailto:`), or is scheme-relative.
        case away
        /// It cannot work from disk, for this reason.
        case refused(String)
        /// A page of the report (a normalised path) and the fragment it names, decoded.
        case page(String, fragment: String?)
    }

    /// `problem(with:from:)` with the page's folder worked out once for all its links.
    private func problem(with href: String, from pagePath: String, folder: String) -> String? {
        let target: String
        let fragment: String?
        let destination =
            Self.plainDestination(of: href, from: pagePath, folder: folder) ?? Self.destination(of: href, from: pagePath, folder: folder)
        switch destination {
        case .away: return nil
        case .refused(let reason): return reason
        case .page(let page, let named):
            target = page
            fragment = named
        }
        guard let ids = pages[target] else {
            if let baseDirectory {
                let onDisk = (baseDirectory as NSString).appendingPathComponent(target)
                if FileManager.default.fileExists(atPath: onDisk) { return nil }
                return "names \(target), which is neither a page of the report nor a file at \(onDisk)"
            }
            return "names \(target), which is not a page of the report"
        }
        // `#` alone and `#top` scroll to the top without an element (HTML "scroll to the fragment").
        guard let fragment, !fragment.isEmpty, fragment.lowercased() != "top" else { return nil }
        guard let ids else { return nil }
        if ids.contains(fragment) { return nil }
        // `name=value(&name=value)*` is a page script's state (traces.html#a=…&b=…), as a query
        // string is; a browser finds no element for it and stays at the top. The page exists.
        if Self.isState(fragment) { return nil }
        let page = target == pagePath ? "this page" : target
        return "has no target: no id \"\(fragment)\" in \(page)"
    }

    /// Where `href`, written in the page at `pagePath` (in `folder`), leads: the URL as a browser
    /// cleans it, its scheme, its path resolved against the folder, its fragment decoded.
    static func destination(of href: String, from pagePath: String, folder: String) -> Destination {
        // Most links in a report are `#id`; they need no scheme or whitespace handling.
        let isFragmentOnly = href.utf8.first == UInt8(ascii: "#") && !href.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let url = isFragmentOnly ? href : URLCheck.normalized(href)
        if !isFragmentOnly, URLCheck.isSchemeRelative(url) { return .away }
        if !isFragmentOnly, let scheme = URLCheck.scheme(of: url) {
            // http:, https:, mailto: and other navigation away is allowed; file: is not, since it
            // only works on the machine that made the report.
            return scheme == "file" ? .refused("uses a file: URL, which breaks when the report is moved") : .away
        }
        let pathAndQuery: Substring
        let fragment: String?
        if let hash = url.firstIndex(of: "#") {
            pathAndQuery = url[..<hash]
            fragment = URLCheck.percentDecoded(url[url.index(after: hash)...])
        } else {
            pathAndQuery = Substring(url)
            fragment = nil
        }
        let rawPath = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return resolve(URLCheck.percentDecoded(rawPath), fragment: fragment, from: pagePath, folder: folder)
    }

    /// `destination(of:from:folder:)` for an href that needs none of its clean-up — letters,
    /// digits, `.`, `_`, `-` and `/`, with at most one `#` — as nearly every href of a report
    /// (`#span-3`, `../index.html`, `traces/<id>.html`) is; `nil` for any other. Such an href
    /// has nothing to strip, no scheme (no `:`), no query and nothing to decode (no `?`, `%`),
    /// so it is cut at its `#` as bytes: most of the time of resolving a report's links went
    /// into that clean-up's string searches, the last thing a render waits for but the commit.
    static func plainDestination(of href: String, from pagePath: String, folder: String) -> Destination? {
        var hash: Int?
        let plain = href.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty else { return false }
            for (offset, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"):
                    continue
                case UInt8(ascii: "#") where hash == nil:
                    hash = offset
                default:
                    return false
                }
            }
            return true
        }
        guard plain == true else { return nil }
        let utf8 = href.utf8
        let pathEnd = hash.map { utf8.index(utf8.startIndex, offsetBy: $0) } ?? utf8.endIndex
        let fragment = hash.map { _ in String(href[utf8.index(after: pathEnd)...]) }
        let path = href[..<pathEnd]
        // `//host/…` goes to another host (`isSchemeRelative`); a `#` first is a fragment alone.
        if hash != 0, path.utf8.starts(with: "//".utf8) { return .away }
        return resolve(String(path), fragment: fragment, from: pagePath, folder: folder)
    }

    /// The page a decoded relative path names from `folder` (the linking page itself when it is
    /// empty), with the fragment; an absolute path or one that climbs out of the report is
    /// refused.
    private static func resolve(_ relative: String, fragment: String?, from pagePath: String, folder: String) -> Destination {
        if relative.isEmpty { return .page(pagePath, fragment: fragment) }
        if relative.hasPrefix("/") {
            return .refused("is an absolute path, which breaks when the report is opened from disk")
        }
        guard var resolved = Self.normalize(folder.isEmpty ? relative : folder + "/" + relative) else {
            return .refused("points outside the report's folder")
        }
        if relative.hasSuffix("/") || resolved.isEmpty { resolved += resolved.isEmpty ? "index.html" : "/index.html" }
        return .page(resolved, fragment: fragment)
    }

    /// Whether a (decoded) fragment is script state, `name=…`: it starts with a letter-led name
    /// of letters, digits, `_`, `.` and `-` followed by `=`.
    static func isState(_ fragment: String) -> Bool {
        guard let equals = fragment.firstIndex(of: "="), let first = fragment.first, first.isASCII, first.isLetter else { return false }
        return fragment[..<equals].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    /// Resolves `.` and `..` segments and drops empty ones; `nil` when `..` climbs above the root.
    ///
    /// On the UTF-8 bytes, segments split at each `/` as the URL parser splits code points:
    /// splitting the `String` at `Character` "/" and joining the pieces again cost about 6,000
    /// instructions a link, most of the time of resolving a report's links (issue 7), and kept
    /// a `/` that a combining mark follows inside its segment, which a browser does not.
    static func normalize(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes -> String? in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != slash { end += 1 }
                defer { start = end + 1 }
                switch end - start {
                case 0: continue
                case 1 where bytes[start] == dot: continue
                case 2 where bytes[start] == dot && bytes[start + 1] == dot:
                    // The last kept segment goes, with the `/` before it: segments hold no `/`.
                    guard !kept.isEmpty else { return nil }
                    kept.removeSubrange((kept.lastIndex(of: slash) ?? 0)...)
                default:
                    if !kept.isEmpty { kept.append(slash) }
                    kept.append(contentsOf: bytes[start..<end])
                }
            }
            return String(decoding: kept, as: UTF8.self)
        }
    }
}
