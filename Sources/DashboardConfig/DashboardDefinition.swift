/// One dashboard of a dashboard file: a page of panels.
public struct DashboardDefinition: Sendable, Equatable {
    /// Lowercase letters, digits and hyphens: it names the page (`dashboard-<id>.html`).
    public var id: String
    /// May use `{service}`, the focus service.
    public var title: String
    /// The title when the title uses `{service}` and there is no focus service (no spans).
    public var fallbackTitle: String?
    public var summary: String
    public var panels: [PanelDefinition]

    public init(id: String, title: String, fallbackTitle: String? = nil, summary: String = "", panels: [PanelDefinition]) {
        self.id = id
        self.title = title
        self.fallbackTitle = fallbackTitle
        self.summary = summary
        self.panels = panels
    }
}
