import Foundation

/// `Tests/Support/opensearch-replay-server.py` on 127.0.0.1: OpenSearch's point-in-time search
/// answered from real span documents in the exact response shapes (no OpenSearch server can be
/// installed here), with switches for error statuses, unavailability and a required header.
final class OpenSearchReplayServer {
    let process = Process()
    let directory: URL
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
    var logURL: URL { directory.appendingPathComponent("requests.jsonl") }

    init(indices: [String: URL], directory: URL, extra: [String] = []) throws {
        self.directory = directory
        let portFile = directory.appendingPathComponent("port-\(UUID().uuidString)")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", CLI.packageRoot.appendingPathComponent("Tests/Support/opensearch-replay-server.py").path,
                "--port-file", portFile.path, "--log", directory.appendingPathComponent("requests.jsonl").path,
            ]
            + indices.sorted { $0.key < $1.key }.flatMap { ["--index", "\($0.key)=\($0.value.path)"] } + extra
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let p = Int(text) {
                port = p
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw PrometheusFailure("the OpenSearch replay server did not start")
    }

    /// The requests it received, in order.
    var requests: [[String: Any]] {
        ((try? String(contentsOf: logURL, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// SIGKILL: a child started from the test's threads inherits their blocked SIGTERM, and
    /// Python does not unblock it.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
