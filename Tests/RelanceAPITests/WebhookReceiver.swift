import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import RelanceCore
import RelanceStore
import ServiceLifecycle
import Synchronization

/// A webhook endpoint in the test process: a real HTTP server on 127.0.0.1 that checks each
/// request's `Relance-Signature` with the secret it is given (parsing the header and
/// computing the HMAC itself, as a receiver following docs/webhooks.md would), records the
/// request, and answers with the next status of its script (200 once the script is used up).
final class WebhookReceiver: Sendable {
    /// A request as received.
    struct Request: Sendable {
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        /// The signature matched the body under the secret, with a timestamp within 5 minutes.
        var signatureValid: Bool
        var timestamp: Int64?

        /// A top-level field of the JSON body.
        func field(_ name: String) -> Any? {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?[name]
        }
    }

    private struct State {
        var secret: String?
        var script: [Int] = []
        var delay: Duration = .zero
        var requests: [Request] = []
    }

    private let state = Mutex(State())
    private let portBox = Mutex(0)
    /// Whether it serves HTTPS (`with(tls:)`).
    let isTLS: Bool

    private init(isTLS: Bool) {
        self.isTLS = isTLS
    }

    var port: Int { portBox.withLock { $0 } }
    /// The URL of the endpoint: `http://127.0.0.1:<port>/hook`, or `https://localhost:<port>/hook`
    /// over TLS (the name its certificate is for).
    var url: String { isTLS ? "https://localhost:\(port)/hook" : "http://127.0.0.1:\(port)/hook" }
    var requests: [Request] { state.withLock { $0.requests } }

    /// Verifies signatures with `secret` from now on.
    func use(secret: String) { state.withLock { $0.secret = secret } }
    /// Answers the next requests with `statuses`, in order, then 200.
    func script(_ statuses: [Int]) { state.withLock { $0.script = statuses } }
    /// Waits this long before answering.
    func delay(_ duration: Duration) { state.withLock { $0.delay = duration } }

    /// Runs `body` with a receiver listening (over TLS with `tls`), and stops it afterwards.
    static func with(tls: TLSConfiguration? = nil, _ body: @Sendable (WebhookReceiver) async throws -> Void) async throws {
        let receiver = WebhookReceiver(isTLS: tls != nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            headers["host"] = request.head.authority
            return try await receiver.receive(path: request.uri.path, headers: headers, body: bytes)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(router: router, server: server,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "receiver"),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: Logger(label: "receiver"))
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "receiver"))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        receiver.portBox.withLock { $0 = port }
        do {
            try await body(receiver)
        } catch {
            await group.triggerGracefulShutdown()
            try? await task.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    private func receive(path: String, headers: [String: String], body: [UInt8]) async throws -> Response {
        let (secret, delay) = state.withLock { ($0.secret, $0.delay) }
        let (valid, timestamp) = Self.verify(headers["relance-signature"] ?? "", body: body, secret: secret)
        let status = state.withLock { state in
            state.requests.append(Request(path: path, headers: headers, body: body, signatureValid: valid, timestamp: timestamp))
            return state.script.isEmpty ? 200 : state.script.removeFirst()
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        return Response(status: .init(code: status), headers: [.contentType: "text/plain"],
                        body: .init(byteBuffer: ByteBuffer(string: "answered \(status)")))
    }

    /// The check docs/webhooks.md describes: `t` and `v1` from the header, HMAC-SHA256 of
    /// `"<t>.<body>"` under the secret, compared in constant time, `t` within 5 minutes.
    static func verify(_ header: String, body: [UInt8], secret: String?) -> (valid: Bool, timestamp: Int64?) {
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let secret, let text = fields["t"], let timestamp = Int64(text), let signature = fields["v1"] else { return (false, nil) }
        let expected = HMACSHA256.hexCode(for: Array("\(timestamp).".utf8) + body, key: Array(secret.utf8))
        let fresh = abs(Date().timeIntervalSince1970 - Double(timestamp)) <= 300
        return (fresh && ConstantTime.equals(expected, signature), timestamp)
    }
}
