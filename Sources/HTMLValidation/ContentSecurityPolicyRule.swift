import Foundation

/// The `content-security-policy` rule: a page must carry a policy in a
/// `<meta http-equiv="Content-Security-Policy">` before its first script or style, the policy
/// must forbid every network load, and every inline `<script>` (executable: no `src`, a
/// JavaScript type) and `<style>` must be allowed by its SHA-256 hash — not by
/// `'unsafe-inline'`, so injected markup could not run even if an escape were missed.
///
/// Allowed sources per directive (CSP Level 3 §6): `default-src 'none'` is required; scripts and
/// style elements: `'none'` or hashes; style attributes: also `'unsafe-inline'`; images and
/// fonts: `'none'` or `data:`; `base-uri`, `form-action` and every other fetch directive only
/// `'none'`. `report-uri`/`report-to` would send reports over the network and are refused.
struct ContentSecurityPolicyRule {
    /// A parsed policy: directive name (lowercased) → source expressions.
    struct Policy {
        var directives: [String: [String]] = [:]

        init(_ text: String) {
            for part in text.split(separator: ";") {
                let tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).map(
                    String.init)
                guard let name = tokens.first?.lowercased(), directives[name] == nil else { continue }  // the first wins (CSP §2.2.1)
                directives[name] = Array(tokens.dropFirst())
            }
        }

        /// The sources that govern `directive`, following CSP's fallback lists.
        func effective(_ directive: String) -> [String]? {
            let fallbacks: [String: [String]] = [
                "script-src-elem": ["script-src-elem", "script-src", "default-src"],
                "style-src-elem": ["style-src-elem", "style-src", "default-src"],
                "style-src-attr": ["style-src-attr", "style-src", "default-src"],
            ]
            for name in fallbacks[directive] ?? [directive, "default-src"] {
                if let sources = directives[name] { return sources }
            }
            return nil
        }
    }

    /// A policy and what is wrong with it, parsed once per distinct text in a process: a
    /// report's pages carry a few distinct policies (every waterfall page the same one), and
    /// parsing it again for each page was most of this rule's time (issue 7). Equal texts parse
    /// to equal policies, so the result is the same.
    static func parsed(_ text: String) -> (policy: Policy, problems: [String]) {
        if let known = ParsedPolicies.shared.value(for: text) { return known }
        let policy = Policy(text)
        let parsed = (policy: policy, problems: problems(policy))
        ParsedPolicies.shared.store(parsed, for: text)
        return parsed
    }

    /// The policies parsed so far (at most 64), shared by the threads checking pages.
    final class ParsedPolicies: @unchecked Sendable {
        static let shared = ParsedPolicies()
        private var known: [String: (policy: Policy, problems: [String])] = [:]
        private let lock = NSLock()

        func value(for text: String) -> (policy: Policy, problems: [String])? {
            lock.lock()
            defer { lock.unlock() }
            return known[text]
        }

        func store(_ parsed: (policy: Policy, problems: [String]), for text: String) {
            lock.lock()
            defer { lock.unlock() }
            if known.count < 64 { known[text] = parsed }
        }
    }

    static let hashPrefixes = ["'sha256-", "'sha384-", "'sha512-"]

    static func isHash(_ source: String) -> Bool {
        hashPrefixes.contains { source.lowercased().hasPrefix($0) } && source.hasSuffix("'")
    }

    /// What is wrong with the policy itself, one message per problem.
    static func problems(_ policy: Policy) -> [String] {
        var out: [String] = []
        if policy.directives["default-src"] != ["'none'"] {
            out.append("the policy must set default-src 'none' so nothing is loaded from anywhere")
        }
        for (name, sources) in policy.directives.sorted(by: { $0.key < $1.key }) {
            if name == "report-uri" || name == "report-to" {
                out.append("\(name) would send violation reports over the network")
                continue
            }
            if ["upgrade-insecure-requests", "block-all-mixed-content", "sandbox"].contains(name) { continue }
            for source in sources where !allowed(source.lowercased(), in: name) {
                out.append("\(name) allows \(source), which could load or run something from outside the page")
            }
        }
        return out
    }

    static func allowed(_ source: String, in directive: String) -> Bool {
        if source == "'none'" { return true }
        switch directive {
        case "script-src", "script-src-elem", "style-src", "style-src-elem":
            return isHash(source)
        case "style-src-attr":
            return isHash(source) || source == "'unsafe-inline'" || source == "'unsafe-hashes'"
        case "img-src", "font-src", "media-src":
            return source == "data:"
        default:
            return false
        }
    }

    /// Whether a block's hash source is allowed by `sources`.
    static func allows(_ sources: [String]?, hashSource: String) -> Bool {
        guard let sources else { return true }  // no directive and no default-src: unrestricted
        return sources.contains(hashSource)
    }
}
