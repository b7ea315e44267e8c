import Foundation
import TelemetryIngest

/// The parts of an OpenSearch `_search` response that paging needs, read with the project's
/// byte-level `JSONReader` so that each hit is kept exactly as the server sent it (raw bytes):
/// `pit_id`, `hits.total.value`, and per hit its whole object, its `_source` and its `sort`
/// values (https://opensearch.org/docs/latest/search-plugins/searching-data/point-in-time/).
struct SearchResponse {
    struct Hit {
        /// The hit object's bytes, on one line.
        var raw: Data
        var source: Data?
        /// The `sort` array's JSON text, for `search_after`.
        var sort: Data?
    }

    var pitID: String?
    var total: Int?
    var hits: [Hit] = []

    /// Reads a response body; nil with a message when it is not a search response.
    static func parse(_ body: Data) -> Result<SearchResponse, BackendError> {
        body.withUnsafeBytes { raw -> Result<SearchResponse, BackendError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = JSONReader(bytes: bytes)
            var out = SearchResponse()
            func slice(_ from: Int, _ to: Int) -> Data { Data(bytes[from..<to]) }
            do throws(JSONError) {
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "pit_id": out.pitID = try reader.readString()
                    case "hits":
                        try reader.beginObject()
                        while let k = try reader.nextKey() {
                            if k == "total", try reader.peek() == .object {
                                try reader.beginObject()
                                while let t = try reader.nextKey() {
                                    if t == "value" { out.total = Int(try reader.readNumber().text) } else { try reader.skipValue() }
                                }
                            } else if k == "hits" {
                                try reader.beginArray()
                                while try reader.nextElement() {
                                    let start = reader.valueOffset()
                                    var hit = Hit(raw: Data())
                                    try reader.beginObject()
                                    while let h = try reader.nextKey() {
                                        let from = reader.valueOffset()
                                        try reader.skipValue()
                                        if h == "_source" { hit.source = slice(from, reader.position) }
                                        if h == "sort" { hit.sort = slice(from, reader.position) }
                                    }
                                    // One line: raw newlines can only be whitespace between tokens.
                                    hit.raw = Data(slice(start, reader.position).map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
                                    out.hits.append(hit)
                                }
                            } else {
                                try reader.skipValue()
                            }
                        }
                    default: try reader.skipValue()
                    }
                }
            } catch {
                let (line, column) = reader.location(of: error.offset)
                return .failure(BackendError("not a search response (\(line):\(column): \(error.message))"))
            }
            return .success(out)
        }
    }

    /// One hit line of an archive (`fetch`'s `hits-N.jsonl`): the same fields as in a response.
    static func hit(_ line: Data) -> Result<Hit, BackendError> {
        var wrapped = Data("{\"hits\":{\"hits\":[".utf8)
        wrapped.append(line)
        wrapped.append(Data("]}}".utf8))
        switch parse(wrapped) {
        case .success(let r) where r.hits.count == 1: return .success(r.hits[0])
        case .success: return .failure(BackendError("not one search hit"))
        case .failure(let e): return .failure(e)
        }
    }
}
