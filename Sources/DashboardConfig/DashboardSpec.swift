import Foundation

/// A dashboard file (`render --dashboards FILE`): the dashboards a report shows, each a page
/// of panels defined by metric selectors or span-derived series and a transform. The built-in
/// dashboards are such a file too (`dashboards/default.yaml`, compiled in as
/// `DefaultDashboards.yaml`), so a user starts from a copy of them.
public struct DashboardSpec: Sendable, Equatable {
    public var dashboards: [DashboardDefinition]

    public init(dashboards: [DashboardDefinition]) {
        self.dashboards = dashboards
    }

    /// Reads YAML text; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws(DashboardSpecError) -> DashboardSpec {
        try DashboardSpecParser(file: file).parse(text)
    }

    /// Reads a file; an unreadable file is reported like a syntax error, at line 1.
    public static func load(path: String) throws(DashboardSpecError) -> DashboardSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DashboardSpecError(file: path, line: 1, column: 1, path: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DashboardSpecError(file: path, line: 1, column: 1, path: "", message: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// The first panel (in file order) with this role (`PanelRole`), as findings look for it.
    public func panel(_ role: PanelRole) -> PanelDefinition? {
        for d in dashboards {
            if let p = d.panels.first(where: { $0.role == role }) { return p }
        }
        return nil
    }

    /// The metric names of the CPU and memory panels: a service reporting one of them has a
    /// process to show when nothing else names a focus service.
    public var runtimeMetricNames: [String] {
        (panel(.cpu)?.metricNames ?? []) + (panel(.memory)?.metricNames ?? [])
    }

    /// The text of the built-in dashboard file, for `otel-report dashboards` to print.
    public static var builtInText: String { DefaultDashboards.yaml }

    /// The three built-in dashboards (resources, latency, errors and traffic): what a report
    /// shows without `--dashboards`.
    public static let builtIn: DashboardSpec = {
        do {
            return try parse(DefaultDashboards.yaml, file: "dashboards/default.yaml")
        } catch {
            fatalError("the built-in dashboards do not parse: \(error)")
        }
    }()
}
