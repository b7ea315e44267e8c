/// A cheap look at the start of a JSON file, shared by the Jaeger, OpenSearch and Zipkin
/// sniffers so that they judge the same facts and never claim each other's files.
///
/// It reads at most `limit` bytes and collects two key sets: the keys of the first top-level
/// object (or of the first element of a top-level array), and the keys of the first *record*
/// — the first span or document — reached through the envelopes these formats use:
/// `{"data": [trace…]}` and `{"data": trace}` (Jaeger API and UI), `trace.spans[0]`,
/// `{"hits": {"hits": [{"_source": doc}]}}` (OpenSearch `_search`), and the line after a
/// `_bulk` action line (`{"index": {}}`). A value cut by the limit ends the look; what was
/// seen so far is kept.
struct DocumentProbe {
    var topKeys: Set<String> = []
    var topIsArray = false
    /// Keys of the first span or document; the top-level keys when there is no envelope.
    var recordKeys: Set<String> = []
    /// True when the first line is a `_bulk` action.
    var isBulk = false

    static let limit = 1 << 20
    static let envelopeKeys: Set<String> = ["data", "result", "hits"]
    static let recordListKeys: Set<String> = ["spans", "_source"]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var reader = JSONReader(bytes: bytes, start: OTLPJSONFormat.bomLength(bytes), end: min(bytes.count, Self.limit))
        var record: Set<String>? = nil
        do {
            switch try reader.peek() {
            case .array:
                topIsArray = true
                try reader.beginArray()
                guard try reader.nextElement(), try reader.peek() == .object else { return }
            case .object: break
            default: return
            }
            try Self.collect(&reader, into: &topKeys, record: &record, depth: 0)
            if topKeys.count == 1, let action = topKeys.first, ["index", "create", "update", "delete"].contains(action),
                !topIsArray, try reader.peek() == .object
            {
                isBulk = true
                var docKeys: Set<String> = []
                try Self.collect(&reader, into: &docKeys, record: &record, depth: 0)
                record = record ?? docKeys
            }
        } catch {
            // Cut by the limit or not JSON: judge by what was seen.
        }
        recordKeys = record ?? topKeys
    }

    /// Collects the keys of the object at the reader into `keys`, descending into envelopes
    /// to find the first record's keys.
    private static func collect(
        _ reader: inout JSONReader, into keys: inout Set<String>,
        record: inout Set<String>?, depth: Int
    ) throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            keys.insert(key)
            guard record == nil, depth < 4, envelopeKeys.contains(key) || recordListKeys.contains(key) else {
                try reader.skipValue()
                continue
            }
            var kind = try reader.peek()
            if kind == .array {
                try reader.beginArray()
                guard try reader.nextElement() else { continue }
                kind = try reader.peek()
                if kind != .object {
                    try reader.skipValue()
                    while try reader.nextElement() { try reader.skipValue() }
                    continue
                }
            } else if kind != .object {
                try reader.skipValue()
                continue
            }
            var inner: Set<String> = []
            var innerRecord: Set<String>? = nil
            do {
                try collect(&reader, into: &inner, record: &innerRecord, depth: depth + 1)
            } catch {
                record = recordListKeys.contains(key) ? inner : innerRecord ?? inner
                throw error
            }
            record = recordListKeys.contains(key) ? inner : innerRecord ?? inner
            return  // the record is known; the rest of the file does not matter
        }
    }
}
