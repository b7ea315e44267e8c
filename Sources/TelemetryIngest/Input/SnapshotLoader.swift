import Foundation
import TelemetryModel
import Vocabulary

/// What loading the inputs gave: the merged snapshot, every diagnostic (missing inputs first,
/// then errors for skipped files and warnings for used ones, in file order), and how many
/// files were usable.
public struct LoadResult: Sendable {
    public var snapshot: Snapshot
    public var diagnostics: [Diagnostic]
    public var usableFileCount: Int

    public init(snapshot: Snapshot, diagnostics: [Diagnostic], usableFileCount: Int) {
        self.snapshot = snapshot
        self.diagnostics = diagnostics
        self.usableFileCount = usableFileCount
    }

    /// True when some diagnostic is an error (a file was skipped or an input was missing).
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads files and folders into one `Snapshot` (DESIGN §2, §3, §7).
///
/// Files are decoded in parallel, a batch at a time, and merged in path order, so the result
/// does not depend on thread timing and at most one batch of decoded files waits in memory.
/// A file with an error contributes nothing; loading goes on with the others.
public enum SnapshotLoader {
    /// The formats tried, in order, on each file's content.
    public static let formats: [InputFormat] = [
        InputFormat(OTLPJSONFormat.self),
        InputFormat(JaegerJSONFormat.self),
        InputFormat(OpenSearchSpanFormat.self),
        InputFormat(ZipkinJSONFormat.self),
        InputFormat(PrometheusAPIJSONFormat.self),
        InputFormat(OTLPProtobufFormat.self),
        InputFormat(PrometheusTextFormat.self),
    ]

    public static func load(paths: [String]) -> LoadResult {
        let (files, missing) = InputFileCollector.collect(paths)
        var builder = SnapshotBuilder()
        var diagnostics = missing
        var usable = 0
        let batchSize = max(4, CoreSplit.cores * 2)
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            let outcomes = decodeInParallel(batch)
            for (file, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .decoded(let decoded, let format):
                    merge(decoded.snapshot, into: &builder)
                    builder.addInput(
                        InputSummary(
                            path: file, format: format, spans: decoded.spanCount,
                            metricPoints: decoded.metricPointCount, logRecords: decoded.snapshot.logs.count))
                    diagnostics += decoded.warnings
                    usable += 1
                case .failed(let problems):
                    diagnostics += problems
                }
            }
            start += batchSize
        }
        return LoadResult(snapshot: (consume builder).finish(), diagnostics: diagnostics, usableFileCount: usable)
    }

    /// The total size of the files `load(paths:)` would read, for progress.
    public static func inputBytes(paths: [String]) -> Int64 {
        InputFileCollector.collect(paths).files.reduce(0) { sum, file in
            sum + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Decodes one file by content: reads it (memory-mapped), sniffs, decodes. A large OTLP
    /// JSON Lines file is streamed in blocks and decoded on every core instead. A pipe or device
    /// given on the command line (`/dev/stdin`, `<(zcat spans.json.gz)`) cannot be mapped: it is
    /// read to its end first, into an unlinked temporary file when it could be streamed
    /// (`PipeSpool`), otherwise into memory.
    public static func decodeFile(_ path: String) -> FileOutcome {
        if InputFileCollector.entry(path)?.1 == .other { return decodePipe(path) }
        if let streamed = decodeStreaming(path) { return streamed }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            return .failed([Diagnostic(file: path, message: "cannot read the file: \(error.localizedDescription)")])
        }
        defer { ProgressReporter.shared.advance(by: Int64(data.count)) }
        return data.withUnsafeBytes { raw -> FileOutcome in
            let bytes = raw.bindMemory(to: UInt8.self)
            return decode(bytes, file: path)
        }
    }

    /// A pipe or device read to its end (`PipeSpool`), then decoded: streamed from its copy
    /// when it is large OTLP JSON Lines, plain or compressed, as a file would be.
    static func decodePipe(_ path: String) -> FileOutcome {
        // Plain OTLP JSON Lines of a size the streaming reader takes is read as it is copied;
        // anything else is copied whole first (`PipeSpool`).
        let content = PipeSpool.read(
            path, prefix: OTLPJSONLinesStream.threshold / OTLPJSONLinesStream.compressionAllowance,
            chunk: OTLPJSONLinesStream.pipeChunk, spool: { PipeSpool.makeSpool(in: FileManager.default.temporaryDirectory.path) },
            spools: OTLPJSONLinesStream.mayStream,
            overlapFrom: OTLPJSONLinesStream.threshold,
            overlaps: { prefix in
                !OTLPJSONLinesStream.isCompressed(prefix)
                    && OTLPJSONLinesStream.accepts(UnsafeBufferPointer(rebasing: prefix[..<min(prefix.count, 1 << 20)]))
            })
        switch content {
        case nil:
            return .failed([Diagnostic(file: path, message: "cannot read the file: \(String(cString: strerror(errno)))")])
        case .memory(let bytes):
            ProgressReporter.shared.advance(by: Int64(bytes.count))
            return bytes.withUnsafeBufferPointer { decode($0, file: path) }
        case .spooled(let fd, let size):
            defer { close(fd) }
            if let streamed = decodeStreaming(fd: fd, size: size) { return streamed }
            return decodeCopy(fd, size: size, file: path)
        case .copying(let copy):
            defer { close(copy.spool) }
            let streamed = OTLPJSONLinesStream.decode(copy, blockSize: OTLPJSONLinesStream.configuredBlockSize)
            switch copy.finish() {
            case .spooled(let size):
                if let streamed { return .decoded(streamed, format: OTLPJSONFormat.name) }
                return decodeCopy(copy.spool, size: size, file: path)
            case .memory(let bytes):
                ProgressReporter.shared.advance(by: Int64(bytes.count))
                return bytes.withUnsafeBufferPointer { decode($0, file: path) }
            case .failed(let code):
                return .failed([Diagnostic(file: path, message: "cannot read the file: \(String(cString: strerror(code)))")])
            }
        }
    }

    /// A pipe's copy (`PipeSpool`) of `size` bytes read whole, as if it were `file`.
    private static func decodeCopy(_ fd: Int32, size: Int, file: String) -> FileOutcome {
        guard let whole = FileWindow(fd, from: 0, count: size) else {
            return .failed([Diagnostic(file: file, message: "cannot read the file: its copy in the temporary folder cannot be mapped")])
        }
        ProgressReporter.shared.advance(by: Int64(size))
        return decode(whole.bytes, file: file)
    }

    /// The streaming path (`OTLPJSONLinesStream`) when the file is large OTLP JSON Lines, plain
    /// or compressed, and decodes cleanly; nil otherwise, for the ordinary path to take the file.
    static func decodeStreaming(_ path: String) -> FileOutcome? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return decodeStreaming(fd: fd, size: Int(info.st_size))
    }

    /// As above, for an open regular file of `size` bytes, read from its start.
    static func decodeStreaming(fd: Int32, size: Int) -> FileOutcome? {
        guard size >= OTLPJSONLinesStream.threshold / OTLPJSONLinesStream.compressionAllowance else { return nil }
        var prefix = OTLPJSONLinesStream.unwritten(1 << 20)
        let got = prefix.withUnsafeMutableBytes { DescriptorRead.fill(fd, $0.baseAddress!, $0.count, at: 0) }
        guard got > 0 else { return nil }
        let compressed = prefix.withUnsafeBufferPointer { OTLPJSONLinesStream.isCompressed(UnsafeBufferPointer(rebasing: $0[0..<got])) }
        if compressed {
            // The collector's `compression: zstd`, or a gzipped file: decompressed as it is read.
            guard let source = DecompressedWindows(fd: fd, fileSize: size),
                let first = source.window(from: 0, count: 1 << 20), OTLPJSONLinesStream.accepts(first.bytes),
                let decoded = OTLPJSONLinesStream.decode(source, blockSize: OTLPJSONLinesStream.configuredBlockSize)
            else { return nil }
            return .decoded(decoded, format: OTLPJSONFormat.name + "+" + source.compression)
        }
        let accepted = prefix.withUnsafeBufferPointer { all in
            size >= OTLPJSONLinesStream.threshold && OTLPJSONLinesStream.accepts(UnsafeBufferPointer(rebasing: all[0..<got]))
        }
        guard accepted, lseek(fd, 0, SEEK_SET) == 0,
            let decoded = OTLPJSONLinesStream.decode(
                fd: fd, fileSize: size, blockSize: OTLPJSONLinesStream.configuredBlockSize)
        else { return nil }
        return .decoded(decoded, format: OTLPJSONFormat.name)
    }

    /// Compressed snapshots (`.gz`, the collector file exporter's zstd) that are not streamed
    /// are decompressed in memory and read as usual, their format named with `compression` (`otlp-json+gzip`); line
    /// and column numbers in diagnostics refer to the decompressed text.
    static func decodeDecompressed(_ plain: [UInt8], file: String, as compression: String) -> FileOutcome {
        let outcome = plain.withUnsafeBufferPointer { decode($0, file: file) }
        if case .decoded(let decoded, let format) = outcome { return .decoded(decoded, format: format + "+" + compression) }
        return outcome
    }

    /// Decodes bytes already in memory, as if read from `file`.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileOutcome {
        if Gzip.isGzip(bytes) {
            do {
                return decodeDecompressed(try Gzip.decompress(bytes), file: file, as: "gzip")
            } catch {
                return .failed([Diagnostic(file: file, message: error.message)])
            }
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failed([
                Diagnostic(file: file, line: 1, column: 1, message: bytes.isEmpty ? "the file is empty" : "the file holds only whitespace")
            ])
        }
        if Zstd.isZstd(bytes) || Zstd.isLengthPrefixedFrames(bytes) {
            // The collector file exporter's `compression: zstd`, by the zstd magic number.
            do {
                return decodeDecompressed(try Zstd.decompressFile(bytes), file: file, as: "zstd")
            } catch {
                return .failed([Diagnostic(file: file, message: error.message)])
            }
        }
        for format in formats {
            guard format.sniff(bytes) else { continue }
            switch format.decode(bytes, file) {
            case .decoded(let decoded): return .decoded(decoded, format: format.name)
            case .failed(let problems): return .failed(problems)
            }
        }
        let known = formats.map(\.name).joined(separator: ", ")
        return .failed([Diagnostic(file: file, message: "not a recognised telemetry format (looked for: \(known))")])
    }

    /// The result of decoding one file, with the name of the format that matched.
    public enum FileOutcome: Sendable {
        case decoded(DecodedFile, format: String)
        case failed([Diagnostic])
    }

    private final class Slots: @unchecked Sendable {
        var values: [FileOutcome?]
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: FileOutcome) {
            lock.lock()
            values[i] = value
            lock.unlock()
        }
    }

    private static func decodeInParallel(_ files: [String]) -> [FileOutcome] {
        let slots = Slots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            slots.set(i, decodeFile(files[i]))
        }
        return slots.values.map { $0 ?? .failed([]) }
    }

    /// Adds one file's snapshot, re-indexing its resources and scopes into the run's tables
    /// and sharing span names across files.
    public static func merge(_ part: Snapshot, into builder: inout SnapshotBuilder) {
        builder.add(part.spans, resources: part.resources, scopes: part.scopes)
        builder.add(part.logs, resources: part.resources, scopes: part.scopes)
        let resourceMap = part.resources.map { builder.intern($0) }
        for var series in part.metrics {
            series.resourceIndex = resourceMap[Int(series.resourceIndex)]
            builder.add(series)
        }
    }
}
