import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Corrupted input must give a diagnostic or a partial-free decode, never a crash: corpus files
/// of every format, each mutated 60 times by a seeded generator (byte flips, cuts, inserted JSON
/// punctuation, huge numbers, invalid UTF-8). A crash here takes the test process down.
@Suite struct MutationTests {
    struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let files = [
        "otlp-json/jaeger-ui/hotrod-apiv3-getTrace-response.json", "otlp-json/datadog-mapping-go/mixed-simple.json",
        "jaeger-json/jaeger/ui_01.single-trace.json", "zipkin/zipkin-lens/yelp.json",
        "opensearch/data-prepper/raw-span-complete-1.json", "prometheus/openmetrics-testsuite/roundtrip.om.txt",
        "prometheus/api-json/prometheus-docs-query_range-matrix.json",
    ]

    static let inserts: [[UInt8]] = [
        Array("\"".utf8), Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(",".utf8), Array(":".utf8),
        Array("\\u".utf8), Array("-1e999".utf8), Array("null".utf8), [0x22, 0xFF, 0xFE, 0x22], Array("99999999999999999999999".utf8),
        Array("# EOF\n".utf8), Array("\n".utf8),
    ]

    @Test func mutatedCorpusFilesNeverCrash() throws {
        guard let corpus = corpusFolder() else { return }
        var rng = LCG(state: 42)
        var decoded = 0, failed = 0
        for name in Self.files {
            guard let original = try? Array(Data(contentsOf: corpus.appendingPathComponent(name))) else { continue }
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<(1 + rng.next(6)) where !bytes.isEmpty {
                    let i = rng.next(bytes.count)
                    switch rng.next(4) {
                    case 0: bytes[i] = UInt8(rng.next(256))
                    case 1: bytes.removeSubrange(i..<min(bytes.count, i + 1 + rng.next(40)))
                    case 2: bytes.insert(contentsOf: Self.inserts[rng.next(Self.inserts.count)], at: i)
                    default: bytes.removeSubrange(i...)
                    }
                }
                let outcome = bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: name) }
                switch outcome {
                case .decoded: decoded += 1
                case .failed(let problems):
                    failed += 1
                    #expect(!problems.isEmpty)
                    #expect(problems.allSatisfy { $0.file == name })
                }
            }
        }
        #expect(decoded + failed == Self.files.count * 60)
        #expect(failed > 0)
    }
}
