import DashboardConfig

/// A chart-ready series: evaluation times (unix seconds) and values, nil where there is no data.
public struct TimeSeries: Sendable {
    public var name: String
    public var labels: [String: String]
    public var points: [(time: Int64, value: Double?)]

    public init(name: String, labels: [String: String] = [:], points: [(time: Int64, value: Double?)]) {
        self.name = name
        self.labels = labels
        self.points = points
    }

    /// True when no point has a value.
    public var isEmpty: Bool { !points.contains { $0.value != nil } }
}

/// A chart's worth of series with everything needed to recompute any point (DESIGN §5).
public struct Panel: Sendable {
    public var id: String
    public var title: String
    /// `ms`, `percent`, `bytes`, `ratio`, `perSecond`.
    public var unit: String
    /// The metric the panel was computed from, or `spans`.
    public var source: String
    /// How each point was computed, for the page.
    public var method: String
    public var stepSeconds: Int64
    public var windowSeconds: Int64
    public var series: [TimeSeries]
    /// Times (unix seconds) of restarts / counter resets to mark on the axis.
    public var markers: [(time: Int64, label: String)]
    /// What the panel shows (from its definition, `PanelRole`), so findings and the overview find
    /// it whatever its id; nil for a panel with no role.
    public var role: PanelRole?
    /// The service the panel was evaluated for (a `forEach: service` panel's service, or the
    /// focus service of a panel that names `{service}`); nil for an all-services panel.
    public var service: String?
    /// The metric names the panel looked for, in preference order (empty for spans panels), for
    /// the page to say what was missing.
    public var metricNames: [String] = []

    public init(
        id: String, title: String, unit: String, source: String, method: String, stepSeconds: Int64,
        windowSeconds: Int64, series: [TimeSeries], markers: [(time: Int64, label: String)] = []
    ) {
        self.id = id
        self.title = title
        self.unit = unit
        self.source = source
        self.method = method
        self.stepSeconds = stepSeconds
        self.windowSeconds = windowSeconds
        self.series = series
        self.markers = markers
    }

    public var hasData: Bool { series.contains { !$0.isEmpty } }
}

/// A titled group of panels (one dashboard page).
public struct Dashboard: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var panels: [Panel]

    public init(id: String, title: String, summary: String, panels: [Panel]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.panels = panels
    }
}
