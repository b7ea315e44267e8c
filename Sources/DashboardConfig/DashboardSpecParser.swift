import Yams

/// Reads a dashboard file from the YAML node tree, so that every problem is reported at the
/// line and column of the node that causes it (Yams's `Decodable` path would lose them):
/// unknown keys, missing fields, wrong kinds, bad transforms, matchers, units and ids.
struct DashboardSpecParser {
    let file: String

    typealias Entry = (key: String, keyNode: Node, value: Node)

    func parse(_ text: String) throws(DashboardSpecError) -> DashboardSpec {
        let root: Node?
        do {
            // The basic resolver: this parser reads every scalar as text and never looks at
            // the tags the default resolver's rules give (bool, int, null, timestamp, ...).
            // Those rules are regular expressions compiled by Foundation's ICU on first use,
            // which kept 1.5 MiB of ICU resident in every render for the built-in dashboards.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw DashboardSpecError(file: file, line: 1, column: 1, path: "", message: "\(error)")
        }
        guard let root else {
            throw DashboardSpecError(
                file: file, line: 1, column: 1, path: "", message: "the file is empty: expected a mapping with 'dashboards'")
        }
        let entries = try mapping(root, path: "", allowed: ["dashboards"])
        let list = try required("dashboards", in: entries, of: root, path: "")
        let items = try sequence(list, path: "dashboards")
        guard !items.isEmpty else { throw error(list, "dashboards", "expected at least one dashboard") }
        var dashboards: [DashboardDefinition] = []
        var ids: Set<String> = []
        for (i, item) in items.enumerated() {
            let d = try dashboard(item, path: "dashboards[\(i)]")
            guard ids.insert(d.id).inserted else {
                throw error(
                    value("id", in: try mapping(item, path: "dashboards[\(i)]", allowed: nil))!, "dashboards[\(i)].id",
                    "'\(d.id)' is already the id of another dashboard")
            }
            dashboards.append(d)
        }
        return DashboardSpec(dashboards: dashboards)
    }

    // MARK: - Dashboards and panels

    func dashboard(_ node: Node, path: String) throws(DashboardSpecError) -> DashboardDefinition {
        let entries = try mapping(node, path: path, allowed: ["id", "title", "fallbackTitle", "summary", "panels"])
        let idNode = try required("id", in: entries, of: node, path: path)
        let id = try string(idNode, path: path + ".id")
        guard Self.isSlug(id) else {
            throw error(
                idNode, path + ".id",
                "expected lowercase letters, digits and hyphens (it names the page dashboard-<id>.html), found '\(id)'")
        }
        let title = try string(required("title", in: entries, of: node, path: path), path: path + ".title")
        let fallbackTitle = try value("fallbackTitle", in: entries).map { (n) throws(DashboardSpecError) in
            try string(n, path: path + ".fallbackTitle")
        }
        let summary =
            try value("summary", in: entries).map { (n) throws(DashboardSpecError) in try string(n, path: path + ".summary") } ?? ""
        let panelsNode = try required("panels", in: entries, of: node, path: path)
        var panels: [PanelDefinition] = []
        for (i, item) in try sequence(panelsNode, path: path + ".panels").enumerated() {
            panels.append(try panel(item, path: path + ".panels[\(i)]"))
        }
        // markersFrom must name a panel of the same dashboard.
        let panelIDs = Set(panels.compactMap(\.id))
        for (i, item) in try sequence(panelsNode, path: path + ".panels").enumerated() {
            if let ref = panels[i].markersFrom, !panelIDs.contains(ref) {
                let n = value("markersFrom", in: try mapping(item, path: path, allowed: nil))!
                throw error(n, path + ".panels[\(i)].markersFrom", "no panel of this dashboard has the id '\(ref)'")
            }
        }
        return DashboardDefinition(id: id, title: title, fallbackTitle: fallbackTitle, summary: summary, panels: panels)
    }

    func panel(_ node: Node, path: String) throws(DashboardSpecError) -> PanelDefinition {
        let entries = try mapping(
            node, path: path,
            allowed: [
                "id", "title", "unit", "forEach", "source", "metric", "match",
                "transform", "by", "total", "scale", "window", "method", "markersFrom", "optional", "role",
            ])
        func text(_ key: String) throws(DashboardSpecError) -> String? {
            guard let n = value(key, in: entries) else { return nil }
            return try string(n, path: path + "." + key)
        }
        let title = try string(required("title", in: entries, of: node, path: path), path: path + ".title")
        let unitNode = try required("unit", in: entries, of: node, path: path)
        let unit = try string(unitNode, path: path + ".unit")
        guard PanelDefinition.units.contains(unit) else {
            throw error(unitNode, path + ".unit", "expected one of \(PanelDefinition.units.joined(separator: ", ")), found '\(unit)'")
        }
        var forEach: PanelDefinition.Repetition?
        if let n = value("forEach", in: entries) {
            guard let r = PanelDefinition.Repetition(rawValue: try string(n, path: path + ".forEach")) else {
                throw error(n, path + ".forEach", "expected 'service'")
            }
            forEach = r
        }
        var isSpans = false
        if let n = value("source", in: entries) {
            switch try string(n, path: path + ".source") {
            case "metrics": isSpans = false
            case "spans": isSpans = true
            case let other: throw error(n, path + ".source", "expected metrics or spans, found '\(other)'")
            }
        }
        // The transform decides what else is allowed.
        let transformNode = value("transform", in: entries)
        var transform = PanelTransform.raw
        if let n = transformNode {
            switch PanelTransform.parse(try string(n, path: path + ".transform")) {
            case .success(let t): transform = t
            case .failure(let e): throw error(n, path + ".transform", e.message)
            }
        } else if isSpans {
            throw error(node, path + ".transform", "missing: a spans panel needs \(PanelTransform.spanForms)")
        }
        if isSpans != transform.isSpanTransform, let n = transformNode {
            throw error(
                n, path + ".transform",
                isSpans
                    ? "expected \(PanelTransform.spanForms) with source: spans"
                    : "expected \(PanelTransform.metricForms) (span transforms need source: spans)")
        }
        let source: PanelDefinition.Source
        if isSpans {
            for key in ["metric", "by", "total", "scale", "window", "markersFrom"] {
                if let n = entries.first(where: { $0.key == key }) {
                    throw error(n.keyNode, path + "." + key, "not used with source: spans")
                }
            }
            source = .spans
        } else {
            let metricNode = try required("metric", in: entries, of: node, path: path)
            source = .metric(try stringList(metricNode, path: path + ".metric", allowEmpty: false))
        }
        var matchers: [LabelMatcher] = []
        if let n = value("match", in: entries) {
            for entry in try mapping(n, path: path + ".match", allowed: nil) {
                let p = path + ".match." + entry.key
                if isSpans && entry.key != "service.name" {
                    throw error(entry.keyNode, p, "a spans panel can only match service.name")
                }
                switch LabelMatcher.parse(label: entry.key, text: try string(entry.value, path: p)) {
                case .success(let m): matchers.append(m)
                case .failure(let e): throw error(entry.value, p, e.message)
                }
            }
        }
        var by: [String]?
        if let n = value("by", in: entries) {
            if case .sum = transform { throw error(n, path + ".by", "the transform already says what to sum by") }
            by = try stringList(n, path: path + ".by", allowEmpty: true)
        }
        var total = false
        if let n = value("total", in: entries) {
            guard let b = n.bool else { throw error(n, path + ".total", "expected true or false") }
            total = b
        }
        var scale: Double?
        if let n = value("scale", in: entries) {
            guard case .scalar = n, let d = Double(n.string ?? ""), d.isFinite else {
                throw error(n, path + ".scale", "expected a number such as 100")
            }
            scale = d
        }
        var window: Int64?
        if let n = value("window", in: entries) {
            guard let w = Self.seconds(try string(n, path: path + ".window")), w > 0 else {
                throw error(n, path + ".window", "expected a duration such as 60, 30s, 5m or 1h")
            }
            window = w
        }
        var id = try text("id")
        if let raw = id {
            guard !raw.isEmpty else { throw error(value("id", in: entries)!, path + ".id", "expected a non-empty id") }
            id = raw
        }
        var definition = PanelDefinition(
            id: id, title: title, unit: unit, forEach: forEach, source: source, matchers: matchers,
            transform: transform, by: by, total: total, scale: scale, windowSeconds: window,
            method: try text("method"), markersFrom: try text("markersFrom"))
        if let n = value("optional", in: entries) {
            guard let b = n.bool else { throw error(n, path + ".optional", "expected true or false") }
            definition.optional = b
        }
        if let n = value("role", in: entries) {
            let text = try string(n, path: path + ".role")
            if text == "none" {
                definition.explicitRole = PanelDefinition.RoleChoice.none
            } else if let role = PanelRole(rawValue: text) {
                definition.explicitRole = .role(role)
            } else {
                throw error(
                    n, path + ".role",
                    "expected one of \(PanelRole.allCases.map(\.rawValue).joined(separator: ", ")) or none, found '\(text)'")
            }
        }
        return definition
    }

    // MARK: - Node helpers

    /// The entries of a mapping in file order; unknown (when `allowed` is given) or repeated
    /// keys are errors at the key.
    func mapping(_ node: Node, path: String, allowed: [String]?) throws(DashboardSpecError) -> [Entry] {
        guard case .mapping(let m) = node else { throw error(node, path, "expected a mapping (key: value lines)") }
        var out: [Entry] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw error(k, path, "expected a plain key") }
            let keyPath = path.isEmpty ? s.string : path + "." + s.string
            if let allowed, !allowed.contains(s.string) {
                throw error(k, keyPath, "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
            if out.contains(where: { $0.key == s.string }) { throw error(k, keyPath, "repeated key") }
            out.append((s.string, k, v))
        }
        return out
    }

    func value(_ key: String, in entries: [Entry]) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func required(_ key: String, in entries: [Entry], of node: Node, path: String) throws(DashboardSpecError) -> Node {
        guard let v = value(key, in: entries) else {
            throw error(node, path.isEmpty ? key : path + "." + key, "missing (required)")
        }
        return v
    }

    func sequence(_ node: Node, path: String) throws(DashboardSpecError) -> [Node] {
        guard case .sequence(let s) = node else { throw error(node, path, "expected a list (lines starting with '- ')") }
        return Array(s)
    }

    func string(_ node: Node, path: String) throws(DashboardSpecError) -> String {
        guard case .scalar(let s) = node else { throw error(node, path, "expected text, found a \(Self.kind(node))") }
        return s.string
    }

    /// One name or a list of names.
    func stringList(_ node: Node, path: String, allowEmpty: Bool) throws(DashboardSpecError) -> [String] {
        if case .scalar = node {
            let s = try string(node, path: path)
            guard !s.isEmpty else { throw error(node, path, "expected a name") }
            return [s]
        }
        var out: [String] = []
        for (i, item) in try sequence(node, path: path).enumerated() { out.append(try string(item, path: "\(path)[\(i)]")) }
        if out.isEmpty && !allowEmpty { throw error(node, path, "expected at least one name") }
        return out
    }

    func error(_ node: Node, _ path: String, _ message: String) -> DashboardSpecError {
        let mark = node.mark
        return DashboardSpecError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path, message: message)
    }

    func syntaxError(_ e: YamlError) -> DashboardSpecError {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = "invalid YAML: " + problem + (context.map { " (\($0.text) at line \($0.mark.line))" } ?? "")
            return DashboardSpecError(file: file, line: mark.line, column: mark.column, path: "", message: message)
        default:
            return DashboardSpecError(file: file, line: 1, column: 1, path: "", message: "invalid YAML: \(e)")
        }
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "value"
        case .mapping: return "mapping"
        case .sequence: return "list"
        }
    }

    static func isSlug(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, !("-" == first) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `60`, `30s`, `5m`, `1h` → seconds.
    static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        if let n = Int64(text) { return n }
        guard let last = text.last, let factor = units[last], let n = Int64(text.dropLast()) else { return nil }
        return n * factor
    }
}
