import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Prometheus (Debian's 2.42) for the backend tests: backfills OpenMetrics text with
/// `promtool tsdb create-blocks-from openmetrics`, then serves the blocks on 127.0.0.1 at a free
/// port until `stop()`. Tests that need it skip when `prometheus` or `promtool` is not installed
/// (`.ci/run` installs them).
final class PrometheusServer {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        return nil
    }

    static var isInstalled: Bool { tool("prometheus") != nil && tool("promtool") != nil }

    let process = Process()
    let port: Int
    let directory: URL
    var url: String { "http://127.0.0.1:\(port)" }

    /// Backfills `openMetrics` and starts the server; throws when either step fails or the
    /// server is not ready within 60 s.
    init(openMetrics: String, directory: URL) throws {
        self.directory = directory
        let input = directory.appendingPathComponent("backfill.om")
        try openMetrics.write(to: input, atomically: true, encoding: .utf8)
        let data = directory.appendingPathComponent("tsdb")
        let backfill = Process()
        backfill.executableURL = URL(fileURLWithPath: Self.tool("promtool")!)
        backfill.arguments = ["tsdb", "create-blocks-from", "openmetrics", input.path, data.path]
        let log = directory.appendingPathComponent("promtool.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        backfill.standardOutput = handle
        backfill.standardError = handle
        try backfill.run()
        backfill.waitUntilExit()
        guard backfill.terminationStatus == 0 else {
            throw PrometheusFailure("promtool failed: " + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
        }
        let config = directory.appendingPathComponent("prometheus.yml")
        try "global:\n  scrape_interval: 15s\nscrape_configs: []\n".write(to: config, atomically: true, encoding: .utf8)
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: Self.tool("prometheus")!)
        process.arguments = [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(data.path)", "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let serverLog = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: serverLog.path, contents: nil)
        let serverHandle = try FileHandle(forWritingTo: serverLog)
        process.standardOutput = serverHandle
        process.standardError = serverHandle
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if Self.status(url + "/-/ready") == 200 { return }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        stop()
        throw PrometheusFailure("prometheus did not become ready: " + ((try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""))
    }

    /// SIGTERM, then SIGKILL when it has not exited within 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// A port the kernel has just handed out for 127.0.0.1 (bound, read, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PrometheusFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw PrometheusFailure("bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The HTTP status of a GET, nil when nothing answered.
    static func status(_ url: String) -> Int? {
        final class Box: @unchecked Sendable { var status: Int? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: URL(string: url)!) { _, response, _ in
            box.status = (response as? HTTPURLResponse)?.statusCode
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 5)
        return box.status
    }
}

struct PrometheusFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
