import TelemetryModel

/// What one attribute comparison says about an operation's slow spans, as one finding states it:
/// the value that marks them, both statistics behind it (its share of the slowest 5% against the
/// rest, and for categorical attributes the Mann–Whitney comparison of the two main values), the
/// spans it marks (to recognise attributes that mark the same spans) and the filter that selects
/// them. Nil when neither statistic clears its threshold.
struct AttributeEvidence {
    struct Share {
        var group: Int
        /// The margin-adjusted share difference (`AttributeComparison.marginAdjustedDifference`).
        var score: Double
        var z: Double
        var p: Double
        /// Whether the value is over-represented among the slow spans by `minimumShareScore`.
        var passes: Bool
    }

    struct Separation {
        var slowGroup: Int
        var fastGroup: Int
        var probability: Double
        var p: Double
        var slowerTerm: String
        var fasterTerm: String
        /// Whether it clears the Mann–Whitney bars (probability, group sizes, median ratio).
        var passes: Bool
    }

    /// Share-of-slow findings need this margin-adjusted difference.
    static let minimumShareScore = 0.3
    /// Mann–Whitney findings need a span of the slower value to be slower this often…
    static let minimumProbability = 0.7
    /// …this many spans in each group, and this ratio of medians.
    static let minimumGroupSize = 10
    static let minimumMedianRatio = 2.0

    var comparison: AttributeComparison
    /// The named value's share of the slow spans and of the rest, always stated.
    var share: Share
    /// The Mann–Whitney comparison, when it finds the named value the slower of the two main ones.
    var separation: Separation?
    /// The group the finding names.
    var group: Int
    /// `key=value`, `key in [lo, hi)`, or `key absent`.
    var term: String
    var valueText: String
    /// The `--where` terms that select the marked spans, when the language can state them.
    var filter: String?
    /// For each of the operation's spans (snapshot order), whether it has the named value.
    var marked: [Bool]
    /// The operation's spans (indexes into the snapshot), aligned with `marked`.
    var spans: [Int]
    /// The traces holding a marked span, and how many traces hold a span of the operation.
    var markedTraces: Set<TraceID>
    var traceCount: Int
    /// −log10 p of the stronger of the two tests.
    var strength: Double

    init?(_ c: AttributeComparison, spans: [Int], snapshot: Snapshot) {
        comparison = c
        // The value most over-represented among the slow spans, and whether that clears the bar.
        let leaning = c.groups.indices.filter { c.groups[$0].slowShare > c.groups[$0].restShare }
        let lean = leaning.max { x, y in
            let (dx, dy) = (c.groups[x].slowShare - c.groups[x].restShare, c.groups[y].slowShare - c.groups[y].restShare)
            return dx != dy ? dx < dy : c.groups[x].count < c.groups[y].count
        }
        let leanShare = lean.map { Self.share(c, group: $0) }
        // The two most common values compared over the whole distribution.
        var separation: Separation?
        if c.kind == .categorical, let s = c.separation,
            let slow = c.groups.firstIndex(where: { $0.value == s.slower }),
            let fast = c.groups.firstIndex(where: { $0.value == s.faster }),
            let ls = c.groups[slow].latency, let lf = c.groups[fast].latency
        {
            let (n1, n2) = (c.groups[slow].count, c.groups[fast].count)
            let z = Significance.mannWhitneyZ(u: s.probability * Double(n1) * Double(n2), n1, n2)
            let passes =
                s.probability >= Self.minimumProbability && n1 >= Self.minimumGroupSize && n2 >= Self.minimumGroupSize
                && Double(ls.p50) >= Self.minimumMedianRatio * Double(max(lf.p50, 1))
            separation = Separation(
                slowGroup: slow, fastGroup: fast, probability: s.probability, p: Significance.twoSided(z: z),
                slowerTerm: Self.term(c, group: slow), fasterTerm: Self.term(c, group: fast), passes: passes)
        }
        let sharePasses = leanShare?.passes ?? false
        guard sharePasses || separation?.passes == true else { return nil }
        // The value named: the one over-represented among the slowest 5% when that is the
        // evidence, else the slower of the two. Both statistics of that value are stated; the
        // whole-distribution comparison only when it finds that same value slower (a finding that
        // named two values as "the slow one" would read as a contradiction).
        group = sharePasses ? lean! : separation!.slowGroup
        share = group == lean ? leanShare! : Self.share(c, group: group)
        self.separation = separation?.slowGroup == group ? separation : nil
        term = Self.term(c, group: group)
        valueText = c.groups[group].value
        self.spans = spans
        let values = spans.map { snapshot.spans.attribute(c.attribute, at: $0) }
        let named = group
        let marked = values.map { c.groupIndex(of: $0) == named }
        self.marked = marked
        var traces = Set<TraceID>(), hit = Set<TraceID>()
        for (k, i) in spans.enumerated() {
            let t = snapshot.spans.traceIDs[i]
            traces.insert(t)
            if marked[k] { hit.insert(t) }
        }
        markedTraces = hit
        traceCount = traces.count
        // Only a test that clears its bar counts towards the ranking.
        strength = max(
            share.passes ? Finding.strength(p: share.p) : 0,
            self.separation.map { $0.passes ? Finding.strength(p: $0.p) : 0 } ?? 0)
        filter = Self.filter(c, group: group, values: values)
    }

    /// The share statistics of one group: its margin-adjusted difference and the two-proportion z test.
    static func share(_ c: AttributeComparison, group g: Int) -> Share {
        let score = AttributeComparison.marginAdjustedDifference(c.groups[g], slowCount: c.slowCount, restCount: c.restCount)
        let x1 = Int((c.groups[g].slowShare * Double(c.slowCount)).rounded())
        let x2 = Int((c.groups[g].restShare * Double(c.restCount)).rounded())
        let z = Significance.twoProportionZ(x1, c.slowCount, x2, c.restCount)
        let leans = c.groups[g].slowShare > c.groups[g].restShare
        return Share(group: g, score: score, z: z, p: Significance.twoSided(z: z), passes: leans && score >= minimumShareScore)
    }

    /// The named value as the sentence writes it.
    static func term(_ c: AttributeComparison, group: Int) -> String {
        let v = c.groups[group].value
        if v == "(missing)" { return "\(c.attribute) absent" }
        return c.kind == .numeric ? "\(c.attribute) in \(v)" : "\(c.attribute)=\(v)"
    }

    /// `--where` terms selecting the group's spans, or nil.
    static func filter(_ c: AttributeComparison, group: Int, values: [AttributeValue?]) -> String? {
        let label = c.groups[group].value
        if label == "(missing)" { return FilterText.equals(c.attribute, nil) }
        if c.kind == .categorical {
            guard let representative = values.first(where: { $0 != nil && c.groupIndex(of: $0) == group }) else { return nil }
            return FilterText.equals(c.attribute, representative)
        }
        let ranges = c.groups.indices.filter { c.groups[$0].value != "(missing)" }
        guard let bin = ranges.firstIndex(of: group) else { return nil }
        let present = values.compactMap { $0?.numericValue }
        guard let lowest = present.min(), let highest = present.max() else { return nil }
        let lower = bin == 0 ? lowest : c.cuts[bin - 1]
        let closed = bin >= c.cuts.count
        return FilterText.range(c.attribute, lower: lower, upper: closed ? highest : c.cuts[bin], closed: closed)
    }

    func sameOperation(as other: AttributeEvidence) -> Bool {
        comparison.service == other.comparison.service && comparison.operation == other.comparison.operation
    }

    /// How far another operation's marked spans lie in the same traces as these: the smaller of
    /// the two shares — of their traces holding one of these, and of these traces holding one of
    /// theirs. At `Findings.sameSpansAgreement` or more, they are the same calls seen at another
    /// level (a client span and its server span, a root span and the call that failed under it).
    /// Traces say nothing when the marked spans lie in (nearly) every trace of their operation —
    /// a capture of one trace, say — so then, and below two shared traces, the agreement is 0.
    func traceAgreement(with other: AttributeEvidence) -> Double {
        let (mine, theirs) = (markedTraces, other.markedTraces)
        guard Double(mine.count) <= 0.9 * Double(traceCount), Double(theirs.count) <= 0.9 * Double(other.traceCount) else { return 0 }
        let both = Double(mine.count <= theirs.count ? mine.filter(theirs.contains).count : theirs.filter(mine.contains).count)
        guard both >= 2 else { return 0 }
        return min(both / Double(mine.count), both / Double(theirs.count))
    }

    /// The share of the operation's spans on which the two marked sets agree — or their
    /// complements do, whichever is larger (the two sides of one split).
    func agreement(with other: AttributeEvidence) -> Double {
        guard marked.count == other.marked.count, !marked.isEmpty else { return 0 }
        var same = 0
        for i in marked.indices where marked[i] == other.marked[i] { same += 1 }
        return Double(max(same, marked.count - same)) / Double(marked.count)
    }
}
