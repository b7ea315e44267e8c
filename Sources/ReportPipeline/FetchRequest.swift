/// What `otel-report fetch` is asked: the backends, the files whose spans decide the panels,
/// the time range, the focus service and the dashboards — the same values a render of the
/// archive will be given — and the folder to write.
public struct FetchRequest: Sendable {
    public var inputs: [String]
    public var output: String
    public var backend: BackendSettings
    public var from: String?
    public var to: String?
    public var service: String?
    public var dashboards: String?

    public init(inputs: [String], output: String, backend: BackendSettings) {
        self.inputs = inputs
        self.output = output
        self.backend = backend
    }

    /// The checks `fetch` makes when parsing its flags (usage failures).
    public func check() throws(PipelineFailure) {
        if !backend.isUsed { throw .usage("fetch needs --prometheus URL or --opensearch URL") }
        try RenderRequest.checkTimes([("--from", from), ("--to", to)])
        if BackendSources.partition(inputs).archives.count > 0 {
            throw .usage("fetch reads backends; give it telemetry files, not a fetch archive")
        }
    }
}
