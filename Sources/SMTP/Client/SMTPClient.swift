import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends messages to one SMTP server (submission or relay), one connection per message.
///
/// Each `send` connects, reads the greeting, says EHLO (HELO if the server does not know
/// EHLO), starts TLS as configured, authenticates (AUTH PLAIN, else LOGIN) when credentials
/// are configured, runs one mail transaction and says QUIT:
///
/// ```swift
/// let client = try SMTPClient(configuration: SMTPConfiguration(url: "smtps://mailer:secret@mail.example.com"))
/// let reply = try await client.send(message.envelope, message: message.render()) {
///     try await lease.check()   // last chance not to send
/// }
/// // reply.description: "250 2.0.0 Ok: queued as 4ABC"
/// ```
///
/// Failures are `SMTPError`s; `isTransient` tells whether to retry later. Credentials,
/// AUTH exchanges and message contents never reach the logs (commands are logged at
/// `trace`, results at `debug`).
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let logger: Logger

    /// Checks the configuration and loads its TLS trust roots.
    /// - Throws: `SMTPConfigurationError` for an unusable EHLO name or trust-root file.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "smtp")
    ) throws(SMTPConfigurationError) {
        guard !configuration.heloName.isEmpty,
              configuration.heloName.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 })
        else { throw .invalidHeloName(configuration.heloName) }
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = try Self.makeTLSContext(configuration)
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
    }

    /// Sends `message` (RFC 5322 bytes, e.g. `MIMEMessage.render()`) to the envelope's
    /// recipients and returns the server's final reply (`250 …`, often with a queue id).
    ///
    /// Line breaks are sent as CRLF and lines starting with `.` are dot-stuffed, so the
    /// message may use LF line endings. `BODY=8BITMIME` and `SMTPUTF8` are sent when the
    /// server offers them and the message or the envelope needs them.
    ///
    /// All recipients must be accepted: the first one refused fails the send (nothing is sent).
    ///
    /// A timeout or broken connection while awaiting the final reply (`command` `end of
    /// data`) leaves unknown whether the server took the message: a retry may deliver it
    /// twice, which the message's stable Message-ID lets mail clients recognise.
    ///
    /// - Parameter beforeData: called once every recipient is accepted, right before
    ///   `DATA`. If it throws, the transaction is reset, the connection closed (RSET, QUIT)
    ///   and its error rethrown: the message is not sent. Use it to check that sending is
    ///   still wanted (e.g. that a job's lease is still held).
    /// - Throws: `SMTPError`, `CancellationError`, or what `beforeData` threw.
    public func send(
        _ envelope: SMTPEnvelope,
        message: [UInt8],
        beforeData: () async throws -> Void = {}
    ) async throws -> SMTPReply {
        try await transfer(envelope, message: message, beforeData: beforeData)
    }

    /// Sends a message held in a `ByteBuffer` (its readable bytes); see `send(_:message:beforeData:)`.
    public func send(
        _ envelope: SMTPEnvelope,
        message: ByteBuffer,
        beforeData: () async throws -> Void = {}
    ) async throws -> SMTPReply {
        try await transfer(envelope, message: message.readableBytesView, beforeData: beforeData)
    }

    /// Renders and sends `message` to its `envelope` (From; To, Cc and Bcc).
    public func send(_ message: MIMEMessage, beforeData: () async throws -> Void = {}) async throws -> SMTPReply {
        try await transfer(message.envelope, message: message.render(), beforeData: beforeData)
    }

    private func transfer(
        _ envelope: SMTPEnvelope,
        message: some Collection<UInt8>,
        beforeData: () async throws -> Void
    ) async throws -> SMTPReply {
        try envelope.validate()
        let configuration = self.configuration
        let tlsContext = self.tlsContext
        let logger = self.logger
        do {
            let (connection, handshake) = try await connect()
            return try await connection.executeThenClose { inbound, outbound in
                let session = SMTPSession(
                    channel: connection.channel, inbound: inbound, outbound: outbound, configuration: configuration,
                    tlsContext: tlsContext, isTLS: handshake != nil, logger: logger
                )
                return try await withTaskCancellationHandler {
                    do {
                        if let handshake { try await session.completeImplicitTLS(handshake) }
                        try await session.open()
                        let reply = try await session.transfer(envelope, message: message, beforeData: beforeData)
                        // Accepted: return at once, so the caller records it as soon as it can (a
                        // crash before that record is the one window where a retry sends twice).
                        await session.quit(awaitingReply: false)
                        return reply
                    } catch {
                        await session.quit()
                        throw error
                    }
                } onCancel: {
                    connection.channel.close(promise: nil)
                }
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if let error = error as? SMTPError {
                logger.debug("sending failed", metadata: ["error": "\(error)"])
            }
            throw error
        }
    }

    /// Opens the TCP connection (and for implicit TLS, starts the handshake, whose end the
    /// returned future tells).
    private func connect() async throws(SMTPError) -> (NIOAsyncChannel<ByteBuffer, ByteBuffer>, EventLoopFuture<Void>?) {
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let serverHostname = SMTPSession.serverHostname(for: configuration.host)
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        logger.trace("connecting")
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    var handshake: EventLoopFuture<Void>?
                    if let implicitTLS {
                        let promise = channel.eventLoop.makePromise(of: Void.self)
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                        try channel.pipeline.syncOperations.addHandler(TLSHandshakeHandler(promise: promise))
                        handshake = promise.futureResult
                    }
                    let connection = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    return (connection, handshake)
                }
            }
        } catch ChannelError.connectTimeout {
            throw .timeout(command: "connect")
        } catch {
            throw .connection(underlying: error)
        }
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws(SMTPConfigurationError) -> NIOSSLContext? {
        guard configuration.mayUseTLS else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        switch configuration.trustRoots {
        case .system:
            break
        case .systemAnd(let path):
            tls.additionalTrustRoots = [.certificates(try loadCertificates(path))]
        case .only(let path):
            tls.trustRoots = .certificates(try loadCertificates(path))
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .invalidTrustRoots(path: "\(configuration.trustRoots)", reason: "\(error)")
        }
    }

    private static func loadCertificates(_ path: String) throws(SMTPConfigurationError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .invalidTrustRoots(path: path, reason: "\(error)")
        }
        guard !certificates.isEmpty else { throw .invalidTrustRoots(path: path, reason: "no certificate in the file") }
        return certificates
    }
}
