import Foundation
import TelemetryModel
import Vocabulary

/// Decodes a large OTLP JSON Lines file (the collector's file exporter writes one request per
/// line) in blocks, each block's lines split between all cores (issue 7).
///
/// The file is read a window at a time (`FileWindow`) rather than mapped whole, so memory holds
/// a round's bytes and the decoded spans, not the file. Each window is cut at its last newline
/// and its lines are divided into one run per core at line boundaries; runs are decoded into their
/// own span tables and merged in file order, so the result is the same whatever the timing.
///
/// This path only ever decodes clean files. At the first error or warning, or when a line is
/// not a whole request, it gives up (`nil`) and the caller decodes the file the ordinary way,
/// which reports every problem with its exact line, column and JSON path.
enum OTLPJSONLinesStream {
    /// Files smaller than this are decoded in one piece: not worth the machinery.
    static let minimumSize = 32 << 20
    /// A compressed file is streamed from a size this many times smaller: collector JSON
    /// compresses 8 to 10 times (500k spans: 182 MB as 22 MB of zstd, 30 MB of gzip).
    static let compressionAllowance = 8
    /// Bytes read per core per round; two rounds' windows are mapped at once (see `StreamPipeline`).
    /// 2 MiB per core read as fast as 4 MiB did (500k spans: read phase 0.20-0.29 s against
    /// 0.21-0.32 s, alternating) and held 8 MiB less at the read phase's peak (110 -> 102 MiB).
    static let blockSize = 2 << 20

    /// `minimumSize` and `blockSize`, unless the environment sets `OTEL_REPORT_STREAM_MIN_BYTES`
    /// or `OTEL_REPORT_STREAM_BLOCK_BYTES`: tests use them to send small files down this path
    /// in many blocks and prove the report is the same byte for byte.
    static var threshold: Int { environmentInt("OTEL_REPORT_STREAM_MIN_BYTES") ?? minimumSize }
    static var configuredBlockSize: Int { max(4096, environmentInt("OTEL_REPORT_STREAM_BLOCK_BYTES") ?? blockSize) }

    /// The pieces a pipe is copied in (`PipeSpool`): 1 MiB, or `OTEL_REPORT_STREAM_BLOCK_BYTES`
    /// when it is set, so that tests copy a small pipe in many pieces and read it as it is copied.
    static var pipeChunk: Int { environmentInt("OTEL_REPORT_STREAM_BLOCK_BYTES").map { max(4096, $0) } ?? 1 << 20 }

    private static func environmentInt(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    /// Whether `prefix` (the start of a file) looks like OTLP JSON Lines: an OTLP request whose
    /// first line is a whole JSON value, or whose first line is longer than the prefix. A
    /// collector batching thousands of spans a request writes lines of megabytes (10,000 spans:
    /// 4 MB), and such a file is the one that most needs reading in blocks; a pretty-printed
    /// request breaks its first line within a few bytes. Taking a file that is not JSON Lines
    /// after all costs one round: `decode` gives up at its first line that is not a whole request.
    static func accepts(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard OTLPJSONFormat.sniff(prefix) else { return false }
        guard let newline = prefix.firstIndex(of: 0x0A) else { return true }
        var reader = JSONReader(bytes: prefix, start: OTLPJSONFormat.bomLength(prefix), end: newline)
        do {
            try reader.skipValue()
        } catch {
            return false
        }
        return reader.isAtEnd()
    }

    /// Whether `prefix` is compressed (gzip, zstd as one stream or as the file exporter's
    /// length-prefixed messages): such a file is streamed when it decompresses to OTLP JSON Lines.
    static func isCompressed(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        Gzip.isGzip(prefix) || Zstd.isZstd(prefix) || Zstd.isLengthPrefixedFrames(prefix)
    }

    /// Whether a file starting with `prefix` may be streamed, compressed or `accepts`-ed: a pipe
    /// starting so is copied to a file rather than read into memory (`PipeSpool`).
    static func mayStream(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        isCompressed(prefix) || accepts(prefix)
    }

    /// Runs each round's lines are cut into, per core: more runs than cores, taken by whichever
    /// core is free, so a core that finishes early (or that merged the last round and read the
    /// next block first) takes another run instead of waiting for the slowest one.
    static let runsPerCore = 4

    /// The decoded file, or nil when the ordinary decoder must take it (see above).
    ///
    /// Each round reads a window of the file (`FileWindow`) from the end of the last round's
    /// whole lines; the rounds' mapping, decoding and merging are one stream of tasks that every
    /// core takes from (`StreamPipeline`), so no core waits for the file or between rounds.
    static func decode(
        fd: Int32, fileSize: Int, blockSize: Int = blockSize,
        workers: Int = CoreSplit.cores
    ) -> DecodedFile? {
        decode(MappedFileSource(fd: fd, fileSize: fileSize), blockSize: blockSize, workers: workers)
    }

    /// The data of `source` decoded, or nil as above.
    static func decode(_ source: any StreamSource, blockSize: Int = blockSize, workers: Int = CoreSplit.cores) -> DecodedFile? {
        guard let (builder, totals) = StreamPipeline(source: source, blockSize: blockSize, workers: workers).run() else {
            return nil
        }
        // The rounds' parts are freed; their pages go back before the sort's new columns are made.
        FreeMemory.returnToSystem()
        // `consume`: the builder's references go with it, so the sort frees each old column.
        let snap = (consume builder).finish()
        return DecodedFile(snapshot: snap, spanCount: totals.spans, metricPointCount: totals.points, warnings: [])
    }

    /// `count` bytes left as the allocator gives them, for a buffer `read(2)` fills (the format
    /// probe's prefix): only the bytes it filled are ever read, and zeroing would touch every
    /// page first.
    static func unwritten(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// What the merged rounds add up to, and whether the columns were reserved yet.
    struct Totals {
        var spans = 0, points = 0
        var reserved = false

        /// Appends a round's parts to `builder` in file order; `expectedSize`: the data's size,
        /// or its estimate so far (`StreamSource`).
        mutating func merge(_ batch: (parts: [Part], bytes: Int), into builder: inout SnapshotBuilder, expectedSize fileSize: Int) {
            for part in batch.parts {
                SnapshotLoader.merge(part.snapshot, into: &builder)
                spans += part.spans
                points += part.points
            }
            if !reserved && fileSize > 0 && batch.bytes > 0 {
                // The first round tells how many spans and attributes a byte holds: reserve
                // the whole file's worth (plus 3%) once, instead of doubling the columns as they
                // grow, which at the end can leave half of every column empty.
                reserved = true
                let scale = Double(fileSize) / Double(batch.bytes) * 1.03
                builder.spans.reserveCapacity(Int(Double(builder.spans.count) * scale))
                builder.spans.attributeArena.reserveCapacity(Int(Double(builder.spans.attributeArena.count) * scale))
            }
        }
    }

    struct Part: @unchecked Sendable {
        var snapshot: Snapshot
        var spans: Int
        var points: Int
        /// The resources and scopes its decoder knew by their text at the end of the run: the
        /// ones it was given and the ones it decoded (`StreamPipeline` hands them to later runs).
        var known: KnownObjects
    }

    /// Resources and scopes decoded before, by their text (`RawValueCache`), handed from run
    /// to run. A run of a few lines that each name dozens of resources (a collector in front of
    /// many services or pods) learned them all on its first line, and no later run used what it
    /// learned: 60 resources of 15 attributes a line took the read from 0.14 to 0.38 s at
    /// 500k spans (issue 7). Which values a decoder finds there never changes what it decodes:
    /// a text found is the text of a value decoded without a warning, and is stepped over.
    struct KnownObjects: @unchecked Sendable {
        var resources = RawValueCache<HashedValue<Resource>>()
        var scopes = RawValueCache<InstrumentationScope>()
    }

    /// How far the buffers grow (times a round's usual bytes) to hold a line for every core.
    static let maximumGrowth = 16
    /// The longest line streamed (see `decode`); a 100 MB single-line document read this way
    /// peaked at 426 MB against 173 MB mapped.
    static let longestLine = 64 << 20

    /// Whether `bytes[0..<end]` holds at least `lines` newlines.
    static func holdsLines(_ lines: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        var found = 0, from = 0
        while found < lines, let next = newline(in: bytes.baseAddress!, from..<end) {
            found += 1
            from = next + 1
        }
        return found >= lines
    }

    /// The offset of the first (or `last`) newline of `range` in `base` (`ByteSearch`: a generic
    /// byte loop over lines of megabytes took a tenth of the read phase's CPU).
    static func newline(in base: UnsafePointer<UInt8>, _ range: Range<Int>, last: Bool = false) -> Int? {
        last ? ByteSearch.last(0x0A, in: base, range) : ByteSearch.first(0x0A, in: base, range)
    }

    /// `count` runs of whole lines covering `from..<to`, of about equal size.
    static func splitAtLines(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into count: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = from
        for k in 1...count {
            guard start < to else { break }
            var end = k == count ? to : max(start, from + (to - from) * k / count)
            if end < to {
                end = min(to, (newline(in: bytes.baseAddress!, end..<to) ?? to) + 1)
            }
            runs.append(start..<end)
            start = end
        }
        return runs
    }

    /// Bytes of a run per span and per attribute entry that the run's columns reserve room for:
    /// a little more room than collector lines need (about 410 bytes a span and 135 an
    /// attribute entry in the benchmark's files, deep traces alike). Reserving for more (256 and
    /// 48) held 2-3 MiB more of the deep traces' read for no fewer instructions.
    static let bytesPerSpanReserved = 320
    static let bytesPerEntryReserved = 112

    /// Decodes one run; nil for a run with an error or a warning. The runs of a round are taken
    /// by threads of the reader's own (`CoreSplit`): a file streamed beside another file is
    /// already inside an apply, where Dispatch's would run the runs one after another.
    /// `known`: resources and scopes decoded by earlier runs.
    static func decodeRun(_ bytes: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, known: KnownObjects = KnownObjects()) -> Part? {
        var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: bytes, start: run.lowerBound, end: run.upperBound))
        decoder.resourceCache = known.resources
        decoder.scopeCache = known.scopes
        decoder.builder.reserveInterned(known.resources.count)
        // Room for the spans and attribute entries such a run usually holds, so the columns are
        // not copied at each doubling as they grow from empty (500k spans: about 50 M
        // instructions of copies and growth). Capacity left unused is never touched.
        decoder.builder.spans.reserveCapacity(run.count / Self.bytesPerSpanReserved)
        decoder.builder.spans.attributeArena.reserveCapacity(run.count / Self.bytesPerEntryReserved)
        do {
            try decoder.decodeAll()
        } catch {
            return nil
        }
        guard decoder.warnings.isEmpty else { return nil }
        return Part(
            snapshot: decoder.builder.contents, spans: decoder.spanCount, points: decoder.pointCount,
            known: KnownObjects(resources: decoder.resourceCache, scopes: decoder.scopeCache))
    }
}
