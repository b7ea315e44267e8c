import Foundation
import Testing

@testable import BackendClients

/// `CurlTransport` against a real HTTP server on 127.0.0.1 (Python's `http.server`, started by
/// the test), which answers each request with what it received: method, path, headers and body
/// as JSON. `/status/N` answers with status N and counts its calls, so retries can be counted.
/// Skips, saying why, without python3.
@Suite(.serialized) struct CurlTransportTests {
    static let server = """
        import http.server, json, sys
        calls = {}
        class Echo(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else None
                calls[self.path] = calls.get(self.path, 0) + 1
                status = int(self.path.split("/")[2]) if self.path.startswith("/status/") else 200
                if status == 301:
                    self.send_response(301); self.send_header("Location", "/moved"); self.send_header("Content-Length", "0"); self.end_headers(); return
                out = json.dumps({"method": self.command, "path": self.path, "body": body, "calls": calls[self.path],
                                  "clientPort": self.client_address[1],
                                  "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
                self.send_response(status); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            do_GET = do_POST = do_DELETE = do_PUT = answer
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Runs `body` with the base URL of a fresh echo server; nil when python3 is missing.
    static func withServer(_ body: (String) throws -> Void) throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
        else {
            print("CurlTransportTests skipped: no python3 to serve HTTP")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", server]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            // SIGKILL: the child inherits the test thread's blocked signals, SIGTERM among them.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = output.fileHandleForReading.availableData
            try #require(!more.isEmpty, "the echo server printed no port")
            line += more
        }
        let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try body("http://127.0.0.1:\(port)")
    }

    static func echo(_ exchange: HTTPExchange) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: exchange.response) as? [String: Any])
    }

    @Test func sendsMethodTargetHeadersAndBody() throws {
        try Self.withServer { base in
            let transport = CurlTransport(
                baseURL: base + "/", headers: [("Authorization", "Bearer t0ken"), ("X-Scope-OrgID", "team a")])
            let get = try transport.send(method: "GET", target: "/api/v1/query?query=up%20%2B%201", body: nil)
            #expect(get.status == 200)
            #expect(get.target == "/api/v1/query?query=up%20%2B%201")
            let g = try Self.echo(get)
            #expect(g["method"] as? String == "GET")
            #expect(g["path"] as? String == "/api/v1/query?query=up%20%2B%201")
            #expect(g["body"] is NSNull)
            let gh = try #require(g["headers"] as? [String: String])
            #expect(gh["authorization"] == "Bearer t0ken")
            #expect(gh["x-scope-orgid"] == "team a")
            #expect(gh["expect"] == nil)

            let json = #"{"query":{"match_all":{}},"size":2,"note":"é ✓"}"#
            let post = try transport.send(method: "POST", target: "/_search", body: Data(json.utf8))
            let p = try Self.echo(post)
            #expect(post.status == 200)
            #expect(p["method"] as? String == "POST")
            #expect(p["body"] as? String == json)
            let ph = try #require(p["headers"] as? [String: String])
            #expect(ph["content-type"] == "application/json")
            #expect(ph["content-length"] == String(json.utf8.count))
            #expect(ph["authorization"] == "Bearer t0ken")

            // A POST without a body (opening a point in time) says Content-Length: 0.
            let open = try Self.echo(try transport.send(method: "POST", target: "/pit?keep_alive=1m", body: nil))
            #expect(open["method"] as? String == "POST")
            #expect((open["headers"] as? [String: String])?["content-length"] == "0")

            let delete = try Self.echo(try transport.send(method: "DELETE", target: "/pit", body: Data(#"{"id":"x"}"#.utf8)))
            #expect(delete["method"] as? String == "DELETE")
            #expect(delete["body"] as? String == #"{"id":"x"}"#)

            // One connection for requests one after another (a fetch of many pages), as
            // URLSession kept it: the server sees them from one client port.
            let ports = try (0..<3).map { _ in
                try Self.echo(try transport.send(method: "GET", target: "/again", body: nil))["clientPort"] as? Int
            }
            #expect(ports[0] != nil && Set(ports).count == 1, "\(ports)")
        }
    }

    @Test func statusesAreReturnedAndRetriedOnlyWhenTheySayTryAgain() throws {
        try Self.withServer { base in
            let transport = CurlTransport(baseURL: base, retries: 2, backoffSeconds: 0.01)
            // 400 and 404 are answers: returned at once with their body.
            let bad = try transport.send(method: "GET", target: "/status/400", body: nil)
            #expect(bad.status == 400)
            #expect(try Self.echo(bad)["calls"] as? Int == 1)
            // 503 says "try again": the first call and two retries, then the last answer.
            let busy = try transport.send(method: "GET", target: "/status/503", body: nil)
            #expect(busy.status == 503)
            #expect(try Self.echo(busy)["calls"] as? Int == 3)
            // A redirect is followed.
            let moved = try transport.send(method: "GET", target: "/status/301", body: nil)
            #expect(moved.status == 200)
            #expect(try Self.echo(moved)["path"] as? String == "/moved")
        }
    }

    @Test func noResponseIsRetriedThenNamed() throws {
        // A port nothing listens on: bind one, note it, close it.
        let socket = try #require(Optional(Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let port: UInt16 = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                _ = bind(socket, a, length)
                _ = getsockname(socket, a, &length)
            }
            return UInt16(bigEndian: pointer.pointee.sin_port)
        }
        close(socket)
        let transport = CurlTransport(baseURL: "http://127.0.0.1:\(port)", timeoutSeconds: 5, retries: 1, backoffSeconds: 0.01)
        #expect(port != 0)
        do {
            _ = try transport.send(method: "GET", target: "/api/v1/series?match[]=up", body: nil)
            Issue.record("a request to a closed port got an answer")
        } catch let error as BackendError {
            #expect(
                error.description.hasPrefix("GET http://127.0.0.1:\(port)/api/v1/series?match[]=up: no response after 2 attempt(s): "),
                "\(error.description)")
            #expect(error.description.contains("\(port)"))
        }
    }

    @Test func checkAcceptsHTTPAndHTTPSWithAHostOnly() {
        #expect(CurlTransport.check("http://127.0.0.1:9090") == nil)
        #expect(CurlTransport.check("https://search.example/") == nil)
        #expect(CurlTransport.check("ftp://x.example") == "'ftp://x.example' is not an http:// or https:// URL")
        #expect(CurlTransport.check("localhost:9090") != nil)
    }
}
