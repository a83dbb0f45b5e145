import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RelanceCore

/// The HTTP/1.1 client of webhook deliveries: one `POST` per connection, to an address
/// already checked, with TLS verified against the URL's host name.
///
/// It connects to the addresses it is given (in order, the next one when a connection
/// fails), never resolves a name itself, follows no redirect (a 3xx is the answer), and
/// reads at most `maximumRead` bytes of the response body, keeping the first
/// `WebhookAttempt.excerptLength`. Everything, connecting included, happens within the
/// request's timeout.
public struct WebhookHTTPClient: Sendable {
    /// What the endpoint answered.
    public struct Response: Sendable, Equatable {
        public var status: Int
        /// The start of the body, as UTF-8 (invalid bytes replaced).
        public var excerpt: String
    }

    /// The most body bytes read before the connection is closed.
    public static let maximumRead = 64 * 1024
    static let excerptBytes = 1024

    private let tlsContext: Result<NIOSSLContext, WebhookDeliveryError>
    private let group: any EventLoopGroup

    /// - Parameter tlsConfiguration: by default TLS 1.2 or later, the system's trust roots,
    ///   full certificate verification.
    public init(tlsConfiguration: TLSConfiguration? = nil, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        var configuration = tlsConfiguration ?? TLSConfiguration.makeClientConfiguration()
        if tlsConfiguration == nil {
            configuration.minimumTLSVersion = .tlsv12
            configuration.certificateVerification = .fullVerification
        }
        tlsContext = Result { try NIOSSLContext(configuration: configuration) }.mapError { .tls("cannot set up TLS: \($0)") }
        self.group = group
    }

    /// Posts `body` with `headers` (Host, Content-Length and `Connection: close` are added) to
    /// `url`, connecting to one of `addresses`.
    /// - Throws: `WebhookDeliveryError`, or `CancellationError` when the task is cancelled.
    public func post(_ url: WebhookURL, to addresses: [IPAddress], headers: [(String, String)], body: [UInt8],
                     timeout: Duration) async throws -> Response {
        let deadline = ContinuousClock.now + timeout
        return try await withThrowingTaskGroup(of: Response.self) { tasks in
            tasks.addTask { try await self.exchange(url, addresses, headers: headers, body: body, deadline: deadline) }
            tasks.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw WebhookDeliveryError.timeout(timeout)
            }
            defer { tasks.cancelAll() }
            guard let response = try await tasks.next() else { throw CancellationError() }
            return response
        }
    }

    private func exchange(_ url: WebhookURL, _ addresses: [IPAddress], headers: [(String, String)], body: [UInt8],
                          deadline: ContinuousClock.Instant) async throws -> Response {
        var failure = WebhookDeliveryError.connection("no address to connect to")
        for address in addresses {
            let remaining = deadline - .now
            guard remaining > .zero else { break }
            let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
            let handshake: EventLoopFuture<Void>?
            do {
                (channel, handshake) = try await connect(url, address, within: remaining)
            } catch let error as WebhookDeliveryError {
                throw error
            } catch {
                try Task.checkCancellation()
                failure = .connection("\(Self.literal(address)):\(url.port): \(error)")
                continue
            }
            if let handshake {
                let raw = channel.channel
                do {
                    try await withTaskCancellationHandler { try await handshake.get() } onCancel: { raw.close(promise: nil) }
                } catch let error as WebhookDeliveryError {
                    try? await channel.executeThenClose { _, _ in }
                    throw error
                } catch {
                    try? await channel.executeThenClose { _, _ in }
                    try Task.checkCancellation()
                    throw WebhookDeliveryError.tls("\(Self.literal(address)):\(url.port): \(error)")
                }
            }
            do {
                return try await send(on: channel, url, headers: headers, body: body)
            } catch let error as WebhookDeliveryError {
                throw error
            } catch {
                try Task.checkCancellation()
                if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError { throw WebhookDeliveryError.tls("\(error)") }
                if error is HTTPParserError { throw WebhookDeliveryError.protocolViolation("\(error)") }
                throw WebhookDeliveryError.connection("\(Self.literal(address)):\(url.port): \(error)")
            }
        }
        throw failure
    }

    /// The connection, and for https the handshake's end.
    private func connect(_ url: WebhookURL, _ address: IPAddress, within remaining: Duration) async throws
        -> (NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>, EventLoopFuture<Void>?) {
        let socketAddress = try SocketAddress(ipAddress: address.description, port: url.port)
        let tls: NIOSSLContext? = url.isSecure ? try tlsContext.get() : nil
        // The certificate is checked against the URL's name; for an address in the URL, NIOSSL
        // checks it against the peer's address.
        let serverHostname: String? = if case .name(let name) = url.host { name } else { nil }
        return try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(remaining))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(to: socketAddress) { channel in
                channel.eventLoop.makeCompletedFuture {
                    var handshake: EventLoopFuture<Void>?
                    if let tls {
                        let promise = channel.eventLoop.makePromise(of: Void.self)
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                        try channel.pipeline.syncOperations.addHandler(WebhookTLSHandshakeHandler(promise: promise))
                        handshake = promise.futureResult
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return (try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel), handshake)
                }
            }
    }

    private func send(on channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>, _ url: WebhookURL,
                      headers: [(String, String)], body: [UInt8]) async throws -> Response {
        let raw = channel.channel
        return try await withTaskCancellationHandler {
            try await channel.executeThenClose { inbound, outbound in
                var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: url.requestTarget)
                head.headers.add(name: "Host", value: url.hostHeader)
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                head.headers.add(name: "Content-Length", value: String(body.count))
                head.headers.add(name: "Connection", value: "close")
                try await outbound.write(.head(head))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                try await outbound.write(.end(nil))

                var status: Int?
                var excerpt: [UInt8] = []
                var read = 0
                do {
                    reading: for try await part in inbound {
                        switch part {
                        case .head(let response):
                            // 1xx are interim; the final response follows.
                            if response.status.code >= 200 { status = Int(response.status.code) }
                        case .body(let buffer):
                            read += buffer.readableBytes
                            if excerpt.count < Self.excerptBytes {
                                excerpt += buffer.readableBytesView.prefix(Self.excerptBytes - excerpt.count)
                            }
                            if read >= Self.maximumRead { break reading }
                        case .end:
                            break reading
                        }
                    }
                } catch {
                    // Once the status is in, a connection closed early (or without TLS close_notify)
                    // does not change the answer.
                    if status == nil { throw error }
                }
                guard let status else { throw WebhookDeliveryError.protocolViolation("the connection closed before a response") }
                return Response(status: status, excerpt: String(decoding: excerpt, as: UTF8.self))
            }
        } onCancel: {
            raw.close(promise: nil)
        }
    }

    static func literal(_ address: IPAddress) -> String {
        address.isIPv4 ? address.description : "[\(address)]"
    }
}
