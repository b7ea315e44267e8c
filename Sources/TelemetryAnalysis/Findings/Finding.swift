/// A plain-language observation with the numbers behind it (the `findings` of `report.json`).
/// Besides the sentence, a finding carries what it is about (its kind, service and operation),
/// how strong its evidence is (for ranking), the numbers it cites (so a reader or a test can
/// check every direction word against the data) and where in the report the evidence is shown.
public struct Finding: Sendable, Equatable {
    /// What part of the story a finding tells, in the order the overview tells it (DESIGN §5):
    /// what is wrong — a latency tail, errors, memory — then what marks the slow spans.
    public enum Kind: String, Sendable, CaseIterable {
        case latencyTail = "latency-tail"
        case errorRate = "error-rate"
        case exception
        case memory
        /// One operation holds most of the extra time of a root operation's slowest 5% of traces.
        case slowTraces = "slow-traces"
        case attribute

        /// The position of the kind in the story.
        public var order: Int { Kind.allCases.firstIndex(of: self)! }
    }

    /// A page of the report that shows the evidence, named by what it shows (the renderer turns
    /// it into a link for the layout at hand).
    public enum Link: Sendable, Equatable {
        /// A dashboard panel.
        case panel(dashboard: String, panel: String, label: String)
        /// `traces.html` with its filter box set to this `--where` expression.
        case traces(filter: String, label: String)
        /// The attribute comparison of `compare.html`.
        case comparison(service: String, operation: String, attribute: String, label: String)
        /// The slow-against-rest breakdown of a root operation on `compare.html`.
        case breakdown(rootService: String, rootName: String, label: String)
        /// An exception group of the overview's exceptions table, by its position in `exceptions`.
        case exceptions(index: Int, label: String)

        public var label: String {
            switch self {
            case .panel(_, _, let l), .traces(_, let l), .comparison(_, _, _, let l), .breakdown(_, _, let l), .exceptions(_, let l):
                return l
            }
        }
    }

    /// A number (or text) a finding cites, for `report.json`'s `evidence` object.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case integer(Int64)
        case text(String)
        case flag(Bool)
        case labels([String: String])
        case list([Value])
        case object([Field])
    }

    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: Value
        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    public var id: String
    /// `high` or `medium`.
    public var severity: String
    public var title: String
    public var detail: String
    public var service: String?
    public var kind: Kind
    public var operation: String?
    /// −log10 of the p-value of the test that decided the finding, at most 300: findings of one
    /// kind are listed strongest first.
    public var strength: Double
    /// The statistics the sentence cites, in a fixed order.
    public var evidence: [Field]
    public var links: [Link]

    public init(
        id: String, severity: String, title: String, detail: String, service: String? = nil,
        kind: Kind = .attribute, operation: String? = nil, strength: Double = 0, evidence: [Field] = [],
        links: [Link] = []
    ) {
        self.id = id
        self.severity = severity
        self.title = title
        self.detail = detail
        self.service = service
        self.kind = kind
        self.operation = operation
        self.strength = strength
        self.evidence = evidence
        self.links = links
    }

    /// −log10 p, capped at 300 (a p-value that underflows to 0 is as strong as it gets).
    public static func strength(p: Double) -> Double {
        p <= 1e-300 ? 300 : min(300, max(0, -Significance.log10(p)))
    }
}
