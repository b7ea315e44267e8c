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
        pagePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    /// `problem(with:from:)` with the page's folder worked out once for all its links.
    private func problem(with href: String, from pagePath: String, folder: String) -> String? {
        // Most links in a report are `#id`; they need no scheme or whitespace handling.
        let isFragmentOnly = href.utf8.first == UInt8(ascii: "#") && !href.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let url = isFragmentOnly ? href : URLCheck.normalized(href)
        if !isFragmentOnly, URLCheck.isSchemeRelative(url) { return nil }
        if !isFragmentOnly, let scheme = URLCheck.scheme(of: url) {
            // http:, https:, mailto: and other navigation away is allowed; file: is not, since it
            // only works on the machine that made the report.
            return scheme == "file" ? "uses a file: URL, which breaks when the report is moved" : nil
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
        let relative = URLCheck.percentDecoded(rawPath)

        let target: String
        if relative.isEmpty {
            target = pagePath
        } else {
            if relative.hasPrefix("/") {
                return "is an absolute path, which breaks when the report is opened from disk"
            }
            guard var resolved = Self.normalize(folder.isEmpty ? relative : folder + "/" + relative) else {
                return "points outside the report's folder"
            }
            if relative.hasSuffix("/") || resolved.isEmpty { resolved += resolved.isEmpty ? "index.html" : "/index.html" }
            target = resolved
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

    /// Whether a (decoded) fragment is script state, `name=…`: it starts with a letter-led name
    /// of letters, digits, `_`, `.` and `-` followed by `=`.
    static func isState(_ fragment: String) -> Bool {
        guard let equals = fragment.firstIndex(of: "="), let first = fragment.first, first.isASCII, first.isLetter else { return false }
        return fragment[..<equals].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    /// Resolves `.` and `..` segments and drops empty ones; `nil` when `..` climbs above the root.
    static func normalize(_ path: String) -> String? {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}
