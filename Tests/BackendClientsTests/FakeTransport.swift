import Foundation

@testable import BackendClients

/// Answers each request with a canned status and body and keeps what was asked.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    let baseURL = "http://prom.example:9090"
    var answers: [(status: Int, body: String)]
    var sent: [String] = []

    init(_ answers: [(Int, String)]) {
        self.answers = answers.map { (status: $0.0, body: $0.1) }
    }

    func send(method: String, target: String, body: Data?) throws -> HTTPExchange {
        sent.append(method + " " + target)
        let a = answers.isEmpty ? (status: 500, body: "") : answers.removeFirst()
        return HTTPExchange(method: method, target: target, body: body, status: a.status, response: Data(a.body.utf8))
    }
}
