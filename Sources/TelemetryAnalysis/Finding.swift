/// A plain-language observation with the numbers behind it (the `findings` of `report.json`).
public struct Finding: Sendable, Equatable {
    public var id: String
    /// `high` or `medium`.
    public var severity: String
    public var title: String
    public var detail: String
    public var service: String?

    public init(id: String, severity: String, title: String, detail: String, service: String? = nil) {
        self.id = id
        self.severity = severity
        self.title = title
        self.detail = detail
        self.service = service
    }
}
