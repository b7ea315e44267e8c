import Foundation
import TelemetryModel

/// A large framed protobuf file (the collector's file exporter writes one message per flush) is
/// decoded on every core: its messages are split into one contiguous run per core, each run is
/// decoded into its own snapshot, and the snapshots are merged in file order — as
/// `OTLPJSONLinesStream` does for JSON Lines — so the result is the same whatever the timing,
/// and the same as decoding the messages one after another.
extension OTLPProtobufFormat {
    /// Files smaller than this are decoded on one core. `OTEL_REPORT_STREAM_MIN_BYTES` (the
    /// JSON Lines stream's test-only switch) lowers it, so tests can prove the bytes are the same.
    static var parallelThreshold: Int {
        ProcessInfo.processInfo.environment["OTEL_REPORT_STREAM_MIN_BYTES"].flatMap { Int($0) } ?? 8 << 20
    }

    private enum RunOutcome {
        case decoded(Snapshot, spans: Int, points: Int)
        case failed(Diagnostic)
    }

    private final class Slots: @unchecked Sendable {
        private(set) var outcomes: [RunOutcome?]
        private let lock = NSLock()
        init(_ n: Int) { outcomes = Array(repeating: nil, count: n) }
        func set(_ k: Int, _ outcome: RunOutcome) {
            lock.lock()
            outcomes[k] = outcome
            lock.unlock()
        }
    }

    static func decodeInParallel(_ bytes: UnsafeBufferPointer<UInt8>, file: String, framing: OTLPProtobufFraming,
                                 messages: [Range<Int>],
                                 workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) -> FileDecodeResult {
        let runs = split(messages, into: workers)
        let slots = Slots(runs.count)
        let base = OTLPJSONLinesStream.UnsafeSendablePointer(bytes)
        DispatchQueue.concurrentPerform(iterations: runs.count) { k in
            var decoder = OTLPProtobufDecoder(reader: ProtobufReader(bytes: base.buffer))
            for index in runs[k] {
                decoder.reader.position = messages[index].lowerBound
                decoder.reader.end = messages[index].upperBound
                do throws(ProtobufError) {
                    try decoder.decodeRequest()
                } catch {
                    slots.set(k, .failed(diagnostic(error, file: file, framing: framing, index: index, start: messages[index].lowerBound)))
                    return
                }
            }
            slots.set(k, .decoded(decoder.builder.contents, spans: decoder.spanCount, points: decoder.pointCount))
        }
        var builder = SnapshotBuilder()
        var spans = 0, points = 0
        for outcome in slots.outcomes {
            switch outcome {
            case .decoded(let snapshot, let s, let p)?:
                SnapshotLoader.merge(snapshot, into: &builder)
                spans += s
                points += p
            case .failed(let d)?:
                return .failed([d])  // the first fault in file order: runs are contiguous and in order
            case nil:
                return .failed([Diagnostic(file: file, message: "internal error: a decoding run gave no result")])
            }
        }
        return .decoded(DecodedFile(snapshot: (consume builder).finish(), spanCount: spans, metricPointCount: points))
    }

    /// Contiguous runs of message indexes, of about equal bytes each.
    static func split(_ messages: [Range<Int>], into count: Int) -> [Range<Int>] {
        let total = messages.reduce(0) { $0 + $1.count }
        var runs: [Range<Int>] = []
        var start = 0, bytes = 0
        for (i, m) in messages.enumerated() {
            // A run ends before the message whose middle lies past its share of the bytes.
            if i > start, runs.count < count - 1, (bytes + m.count / 2) * count >= total * (runs.count + 1) {
                runs.append(start..<i)
                start = i
            }
            bytes += m.count
        }
        if start < messages.count { runs.append(start..<messages.count) }
        return runs
    }
}
