/// One panel of a dashboard file: what to read, how to compute it and how to show it. A
/// `forEach: service` panel is repeated for every service (the focus service first), with
/// `{service}` standing for that service in its id, title, matchers and method.
public struct PanelDefinition: Sendable, Equatable {
    /// Where the numbers come from.
    public enum Source: Sendable, Equatable {
        /// The first of these metric names that has matching series (names differ across
        /// semantic-convention versions and the Prometheus translation).
        case metric([String])
        /// Span-derived series: span-metrics series when present, else the spans (DESIGN §4).
        case spans
    }

    /// What a panel is repeated over.
    public enum Repetition: String, Sendable, Equatable {
        case service
    }

    /// The page element id (slugged); default: the slug of the title.
    public var id: String?
    public var title: String
    /// `percent`, `bytes`, `ms`, `seconds`, `ratio`, `perSecond` or `count`.
    public var unit: String
    public var forEach: Repetition?
    public var source: Source
    public var matchers: [LabelMatcher]
    public var transform: PanelTransform
    /// Sum the computed series by these labels (`[]`: into one series); nil keeps each label set.
    public var by: [String]?
    /// Add a `total` series (the sum of the others) when there is more than one.
    public var total: Bool
    /// Multiplies every value (CPU% = rate × 100).
    public var scale: Double?
    /// The rate window / lookback in seconds; nil: Grafana's `$__rate_interval`.
    public var windowSeconds: Int64?
    /// The method text shown on the page, with `{metric}`, `{window}`, `{step}`, `{service}`;
    /// nil: a PromQL-like expression written from the panel.
    public var method: String?
    /// Show the restart markers of the panel with this id when it has any (gauges carry no start
    /// time; a counter of the same process dates the restart exactly).
    public var markersFrom: String?
    /// Leave the panel out when it has no data (rather than saying "No data"): for panels that
    /// only some snapshots can fill, such as container metrics.
    public var optional: Bool = false
    /// The file's `role:` key; nil: inferred from the query (`role`).
    public var explicitRole: RoleChoice?

    /// A `role:` key: a role, or `none` to keep a panel that looks like one out of findings.
    public enum RoleChoice: Sendable, Equatable {
        case role(PanelRole)
        case none
    }

    /// What the panel shows: the `role:` key when given, else inferred from the transform and
    /// unit by the rule documented on `PanelRole`.
    public var role: PanelRole? {
        switch explicitRole {
        case .role(let r)?: return r
        case .none?: return nil
        case nil: break
        }
        switch (source, transform) {
        case (.spans, .latencyPercentiles): return .latency
        case (.spans, .errorRate): return .errorRate
        case (.spans, .requestRate): return .requestRate
        case (.metric, .rate) where unit == "percent": return .cpu
        case (.metric, .raw) where unit == "bytes": return .memory
        case (.metric, .raw) where unit == "percent": return .containerCPU
        default: return nil
        }
    }

    /// The metric names of a metric panel, in preference order; empty for a spans panel.
    public var metricNames: [String] {
        if case .metric(let names) = source { return names }
        return []
    }

    public init(
        id: String? = nil, title: String, unit: String, forEach: Repetition? = nil, source: Source,
        matchers: [LabelMatcher] = [], transform: PanelTransform, by: [String]? = nil, total: Bool = false,
        scale: Double? = nil, windowSeconds: Int64? = nil, method: String? = nil, markersFrom: String? = nil
    ) {
        self.id = id
        self.title = title
        self.unit = unit
        self.forEach = forEach
        self.source = source
        self.matchers = matchers
        self.transform = transform
        self.by = by
        self.total = total
        self.scale = scale
        self.windowSeconds = windowSeconds
        self.method = method
        self.markersFrom = markersFrom
    }

    /// The units the report's charts know how to write.
    public static let units = ["percent", "bytes", "ms", "seconds", "ratio", "perSecond", "count"]

    /// Whether any of the panel's texts needs a service to be filled in.
    public var usesService: Bool {
        [id ?? "", title, method ?? ""].contains { Placeholders.uses("service", in: $0) }
            || matchers.contains { Placeholders.uses("service", in: $0.value) }
    }
}
