/// Stable, id-safe slugs for page element ids.
public enum PanelID {
    /// The id, or the id with `-2`, `-3`… when an earlier panel has it (ids must be unique on a
    /// page, and the single-file report holds every dashboard on one page).
    public static func unique(_ id: String, _ used: inout Set<String>) -> String {
        var candidate = id, n = 2
        while used.contains(candidate) {
            candidate = "\(id)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Lowercase letters, digits and hyphens only; other runs of characters become one hyphen.
    /// At most 64 characters, so a 1 MB service name does not make a 1 MB id (`unique` keeps
    /// ids that agree in their first 64 characters apart).
    public static func slug(_ s: String) -> String {
        var out = ""
        var lastHyphen = false
        for c in s.lowercased().unicodeScalars {
            if out.utf8.count >= 64 { break }
            if ("a"..."z").contains(c) || ("0"..."9").contains(c) {
                out.unicodeScalars.append(c)
                lastHyphen = false
            } else if !lastHyphen && !out.isEmpty {
                out += "-"
                lastHyphen = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}
