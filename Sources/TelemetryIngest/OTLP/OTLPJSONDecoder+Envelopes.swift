import TelemetryModel

/// The envelopes around spans, log records and metrics (`ResourceSpans` → `ScopeSpans` and their
/// logs and metrics kin): their members matched by `MemberNames`, the resource and scope that a
/// file repeats byte for byte decoded once (`RawValueCache`) and interned once a run
/// (`InternedEntries`), and each one's index written into the rows it holds when it closes.
extension OTLPJSONDecoder {
    /// `ResourceSpans` or `ResourceLogs` with their `ScopeSpans` or `ScopeLogs`, read alike:
    /// `item` appends each span or record (in the scope's arrays `scopeMembers` names) to
    /// `rows`, and as each scope and resource object closes, its index is written into the rows
    /// it holds (fields come in any order). Returns how many rows the resource holds. Always
    /// inlined, with the two walks below. (Since their keys are matched on bytes, `item` is
    /// called once a span rather than inlined into the loop over a scope's spans: the collector
    /// file's read phase measured the same either way, issue 7.)
    @inline(__always)
    mutating func decodeResourceRows(
        _ rows: SnapshotBuilder.DecodedRows, resourceMembers: MemberNames, scopeMembers: MemberNames,
        item: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Int {
        let first = builder.count(of: rows)
        let resource = try decodeResourceObject(resourceMembers) { d throws(JSONError) in
            let firstOfScope = d.builder.count(of: rows)
            let scope = try d.decodeScopeObject(scopeMembers, item: item)
            d.builder.setScope(index: d.intern(scope), of: rows, from: firstOfScope)
        }
        return builder.setResource(index: intern(resource), of: rows, from: first)
    }

    /// The builder's index of a resource as `decodeResourceObject` gives it: a cached one is
    /// interned once for this decoder (`InternedEntries`).
    @inline(__always)
    mutating func intern(_ resource: Repeated<HashedValue<Resource>>) -> Int32 {
        Self.intern(resource, cache: resourceCache, interned: &internedResources, into: &builder) { $0.intern($1) }
    }

    /// The builder's index of a scope as `decodeScopeObject` gives it, as for resources.
    @inline(__always)
    mutating func intern(_ scope: Repeated<InstrumentationScope>) -> Int32 {
        Self.intern(scope, cache: scopeCache, interned: &internedScopes, into: &builder) { $0.intern($1) }
    }

    /// `value`'s index in `builder`: an entry of `cache` interned with `intern` the first time
    /// and remembered in `interned`, a value not cached interned each time.
    @inline(__always)
    static func intern<Value>(
        _ value: Repeated<Value>, cache: RawValueCache<Value>, interned: inout InternedEntries,
        into builder: inout SnapshotBuilder, _ intern: (inout SnapshotBuilder, Value) -> Int32
    ) -> Int32 {
        switch value {
        case .entry(let k):
            if let known = interned[k] { return known }
            let index = intern(&builder, cache[k])
            interned.remember(k, index)
            return index
        case .value(let value):
            return intern(&builder, value)
        }
    }

    /// `ResourceSpans`, `ResourceMetrics` or `ResourceLogs`, which share their layout: the
    /// resource and the array of scope objects, each read by `scope`. `members` names
    /// `resource`, then the scopes' array, then its name before v0.19 (`resourceMembers`).
    /// Returns the resource, which may come after its scopes, hashed (`intern` gives its index).
    @inline(__always)
    mutating func decodeResourceObject(
        _ members: MemberNames, scope: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Repeated<HashedValue<Resource>> {
        var resource: Repeated<HashedValue<Resource>>?
        try forEachMember(members) { d, member throws(JSONError) in
            switch member {
            case 0:
                resource = try d.decodeRepeated(
                    in: \.resourceCache, interned: \.internedResources,
                    keeping: { !$0.value.attributes.contains { $0.value.holdsNaN } }
                ) { d throws(JSONError) in HashedValue(try d.decodeResource()) }
            case 1, 2: try d.forEachElement(scope)
            default: try d.reader.skipValue()
            }
        }
        return resource ?? .value(Self.noResource)
    }

    static let noResource = HashedValue(Resource())

    /// The members of a resource object that `decodeResourceObject` reads: the resource, the
    /// scopes' array, and its name before v0.19; and `schemaUrl`, skipped, named so that it
    /// is guessed after the scopes, where the collector writes it.
    static func resourceMembers(scopes: StaticString, legacyScopes: StaticString) -> MemberNames {
        MemberNames("resource", scopes, legacyScopes, "schemaUrl")
    }

    /// `ScopeSpans` or `ScopeLogs`: the scope (or the deprecated `instrumentationLibrary`) and
    /// the arrays of items, each item read by `item`. `members` names `scope`,
    /// `instrumentationLibrary`, then the items' arrays (`scopeMembers`). Returns the scope,
    /// which may come after its items (`intern` gives its index).
    @inline(__always)
    mutating func decodeScopeObject(
        _ members: MemberNames, item: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Repeated<InstrumentationScope> {
        var scope = Repeated.value(InstrumentationScope())
        try forEachMember(members) { d, member throws(JSONError) in
            switch member {
            case 0, 1:
                scope = try d.decodeRepeated(
                    in: \.scopeCache, interned: \.internedScopes, keeping: { !$0.attributes.contains { $0.value.holdsNaN } }
                ) { d throws(JSONError) in try d.decodeScope() }
            case -1: try d.reader.skipValue()
            default: try d.forEachElement(item)
            }
        }
        return scope
    }

    /// The members of a scope object that `decodeScopeObject` reads: the scope, its name
    /// before v0.19, and the arrays of items.
    static func scopeMembers(items: StaticString, _ more: StaticString = "") -> MemberNames {
        MemberNames("scope", "instrumentationLibrary", items, more)
    }

    /// A value that repeats byte for byte (the same resource and scope on every line of a
    /// collector's file, ahead of as little as one span) is decoded once. When the bytes ahead
    /// begin with the text of an object decoded before, that object's value is taken and its
    /// text stepped over: an object ends at its own closing brace, so a reader given the same
    /// bytes would read exactly that text and decode the same value. Otherwise `decode` reads
    /// the value, which is remembered unless it gave a warning (the warning must be reported
    /// again where the text recurs), is not an object, or is not `keeping` (a value holding a
    /// NaN, unequal to itself, stays a new value each time, as it always was); errors are
    /// reported as always. Gives the cache's entry for a value it holds (an entry filled anew
    /// is forgotten by `interned`), the value for one it does not.
    @inline(__always)
    mutating func decodeRepeated<Value>(
        in cache: WritableKeyPath<OTLPJSONDecoder, RawValueCache<Value>>,
        interned: WritableKeyPath<OTLPJSONDecoder, InternedEntries>, keeping: (Value) -> Bool,
        _ decode: (inout OTLPJSONDecoder) throws(JSONError) -> Value
    ) throws(JSONError) -> Repeated<Value> {
        let start = reader.position
        if let (length, entry) = self[keyPath: cache].match(reader.bytes, from: start, to: reader.end) {
            reader.skip(verbatim: length)
            return .entry(entry)
        }
        let warned = warnings.count
        let value = try decode(&self)
        if warnings.count == warned && keeping(value),
            let entry = self[keyPath: cache].insert(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position]), value)
        {
            self[keyPath: interned].forget(entry)
            return .entry(entry)
        }
        return .value(value)
    }

    /// A resource or scope as `decodeRepeated` gives it: the cache's entry that holds it (the
    /// same entry wherever its text recurs), or the value, when the cache did not keep it.
    enum Repeated<Value> {
        case entry(Int)
        case value(Value)
    }
}
