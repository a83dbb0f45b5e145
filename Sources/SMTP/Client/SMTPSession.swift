import Logging
import NIOCore
import NIOSSL

/// One SMTP dialogue on one open connection: reads replies with a deadline per command,
/// upgrades to TLS, authenticates and transfers one message.
///
/// Used by one task at a time (`SMTPClient.send`), inside the connection's
/// `executeThenClose`.
final class SMTPSession {
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let logger: Logger
    private var parser = SMTPReplyParser()
    private(set) var capabilities = SMTPCapabilities()
    /// Whether the connection is protected by TLS (implicit, or after STARTTLS).
    private(set) var isTLS: Bool
    /// False once the connection timed out, broke or the server broke the protocol: then
    /// nothing more is sent on it (not even QUIT).
    private(set) var isUsable = true

    init(
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        configuration: SMTPConfiguration,
        tlsContext: NIOSSLContext?,
        isTLS: Bool,
        logger: Logger
    ) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.isTLS = isTLS
        self.logger = logger
    }

    // MARK: - The dialogue

    /// Waits for the TLS handshake of an implicit-TLS connection.
    func completeImplicitTLS(_ handshake: EventLoopFuture<Void>) async throws(SMTPError) {
        try await withDeadline("the TLS handshake", configuration.connectTimeout) {
            try await handshake.get()
        }
    }

    /// Greeting, EHLO (or HELO), STARTTLS as configured, then AUTH when credentials are set.
    func open() async throws(SMTPError) {
        let greeting = try await withDeadline("greeting", configuration.commandTimeout) { try await self.readReply(for: "greeting") }
        guard greeting.code == 220 else { throw .unexpected(greeting, command: "greeting") }
        try await hello(allowHELO: true)

        switch configuration.security {
        case .none, .implicitTLS:
            break
        case .startTLS:
            guard capabilities.startTLS else { throw .tlsRequired }
            try await startTLS()
        case .startTLSIfOffered:
            if capabilities.startTLS { try await startTLS() }
        }

        if let credentials = configuration.credentials {
            // Credentials travel in plain text only when the configuration says so (starttls=none).
            guard isTLS || configuration.security == .none else { throw .tlsRequired }
            try await authenticate(credentials)
        }
    }

    /// MAIL FROM, RCPT TO for each recipient, `beforeData`, DATA, the message, and the
    /// final reply. When `beforeData` throws, the transaction is reset (RSET) and its error
    /// rethrown: DATA is never sent.
    func transfer(
        _ envelope: SMTPEnvelope,
        message: some Collection<UInt8>,
        beforeData: () async throws -> Void
    ) async throws -> SMTPReply {
        var parameters: [String] = []
        if capabilities.size { parameters.append("SIZE=\(message.count)") }
        if SMTPMessageEncoder.hasEightBitData(message) {
            if capabilities.eightBitMIME {
                parameters.append("BODY=8BITMIME")
            } else {
                logger.warning("the message has 8-bit data, but the server does not offer 8BITMIME")
            }
        }
        if envelope.needsSMTPUTF8 {
            guard capabilities.smtpUTF8 else { throw SMTPError.smtpUTF8Unavailable }
            parameters.append("SMTPUTF8")
        }
        let mailFrom = "MAIL FROM:<\(envelope.sender)>"
        try await expect(250, to: ([mailFrom] + parameters).joined(separator: " "), name: mailFrom)
        for recipient in envelope.recipients {
            let rcptTo = "RCPT TO:<\(recipient)>"
            let reply = try await command(rcptTo, name: rcptTo)
            guard reply.code == 250 || reply.code == 251 else { throw SMTPError.unexpected(reply, command: rcptTo) }
        }

        do {
            try await beforeData()
        } catch {
            logger.debug("not sending DATA: the caller's check before DATA failed", metadata: ["error": "\(error)"])
            _ = try? await command("RSET", name: "RSET")
            throw error
        }

        try await expect(354, to: "DATA", name: "DATA")
        var buffer = channel.allocator.buffer(capacity: message.count + message.count / 32 + 8)
        SMTPMessageEncoder.encode(message, into: &buffer)
        let final = try await withDeadline("end of data", configuration.commandTimeout) {
            try await self.outbound.write(buffer)
            return try await self.readReply(for: "end of data")
        }
        guard final.code == 250 else { throw SMTPError.unexpected(final, command: "end of data") }
        logger.debug("message accepted", metadata: ["smtp.reply": "\(final)"])
        return final
    }

    /// Sends QUIT, if the connection is still usable, and waits briefly for its reply unless
    /// `awaitingReply` is false; errors are ignored (the message, if any, is already accepted
    /// or refused).
    func quit(awaitingReply: Bool = true) async {
        guard isUsable else { return }
        let timeout = min(configuration.commandTimeout, .seconds(5))
        _ = try? await withDeadline("QUIT", timeout) {
            try await self.write("QUIT", name: "QUIT")
            return awaitingReply ? try await self.readReply(for: "QUIT") : nil
        }
        isUsable = false
    }

    // MARK: - Steps

    private func hello(allowHELO: Bool) async throws(SMTPError) {
        let reply = try await command("EHLO \(configuration.heloName)", name: "EHLO")
        if reply.code == 250 {
            capabilities = SMTPCapabilities(ehloReply: reply)
            return
        }
        // RFC 5321 §3.2: a server that does not know EHLO answers 5xx; fall back to HELO.
        guard allowHELO, reply.isPermanentFailure else { throw .unexpected(reply, command: "EHLO") }
        logger.debug("the server refused EHLO; trying HELO", metadata: ["smtp.reply": "\(reply)"])
        try await expect(250, to: "HELO \(configuration.heloName)", name: "HELO")
        capabilities = SMTPCapabilities()
    }

    private func startTLS() async throws(SMTPError) {
        guard let tlsContext else { throw .protocolViolation("STARTTLS without a TLS context") }
        try await expect(220, to: "STARTTLS", name: "STARTTLS")
        // RFC 3207 §4.2: anything the server sent after its 220 was sent in plain text and
        // must not be read as if it came over TLS (a command injection attack).
        guard !parser.hasBufferedBytes else {
            isUsable = false
            throw .protocolViolation("the server sent data after its reply to STARTTLS")
        }
        let channel = self.channel
        let serverHostname = Self.serverHostname(for: configuration.host)
        try await withDeadline("the TLS handshake", configuration.commandTimeout) {
            let handshake = channel.eventLoop.makePromise(of: Void.self)
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(TLSHandshakeHandler(promise: handshake), position: .first)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
            try await handshake.futureResult.get()
        }
        isTLS = true
        logger.debug("TLS started")
        // RFC 3207 §4.2: forget what the server said before TLS; ask again.
        capabilities = SMTPCapabilities()
        try await hello(allowHELO: false)
    }

    private func authenticate(_ credentials: SMTPCredentials) async throws(SMTPError) {
        let mechanisms = capabilities.authenticationMechanisms
        if mechanisms.contains("PLAIN") {
            // RFC 4616: authorization identity (empty), NUL, user name, NUL, password.
            let token = Base64.encode([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
            try await expect(235, to: "AUTH PLAIN \(token)", name: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await expect(334, to: "AUTH LOGIN", name: "AUTH LOGIN")
            try await expect(334, to: Base64.encode(Array(credentials.username.utf8)), name: "AUTH LOGIN")
            try await expect(235, to: Base64.encode(Array(credentials.password.utf8)), name: "AUTH LOGIN")
        } else {
            throw .authenticationUnavailable
        }
        logger.debug("authenticated", metadata: ["smtp.user": "\(credentials.username)"])
    }

    // MARK: - Commands and replies

    /// Sends `line` and fails unless the reply has `code`.
    @discardableResult
    private func expect(_ code: Int, to line: String, name: String) async throws(SMTPError) -> SMTPReply {
        let reply = try await command(line, name: name)
        guard reply.code == code else { throw .unexpected(reply, command: name) }
        return reply
    }

    /// Sends `line` and reads its reply within the command timeout. `name` is what logs
    /// and errors show (never an AUTH payload).
    private func command(_ line: String, name: String) async throws(SMTPError) -> SMTPReply {
        try await withDeadline(name, configuration.commandTimeout) {
            try await self.write(line, name: name)
            return try await self.readReply(for: name)
        }
    }

    private func write(_ line: String, name: String) async throws {
        guard !line.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
            throw SMTPError.protocolViolation("a line break in the \(name) command")
        }
        logger.trace("SMTP command", metadata: ["smtp.command": "\(name)"])
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeStaticString("\r\n")
        try await outbound.write(buffer)
    }

    private func readReply(for command: String) async throws -> SMTPReply {
        while true {
            if let reply = try parser.nextReply() {
                logger.trace("SMTP reply", metadata: ["smtp.command": "\(command)", "smtp.reply": "\(reply)"])
                return reply
            }
            guard let bytes = try await inbound.next() else {
                throw SMTPError.connection(underlying: SMTPConnectionClosed(command: command))
            }
            parser.append(bytes)
        }
    }

    /// Runs `body`; if it has not finished within `timeout`, closes the connection and
    /// throws `.timeout(command)`. Other failures become `SMTPError`s; after any but a
    /// reply error, the connection is no longer used.
    private func withDeadline<Result>(
        _ command: String,
        _ timeout: Duration,
        _ body: () async throws -> Result
    ) async throws(SMTPError) -> Result {
        let expired = DeadlineFlag()
        let channel = self.channel
        let scheduled = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            expired.set()
            channel.close(promise: nil)
        }
        defer { scheduled.cancel() }
        do {
            return try await body()
        } catch {
            if expired.isSet {
                isUsable = false
                throw .timeout(command: command)
            }
            switch error {
            case let error as SMTPError:
                switch error {
                case .transient, .permanent, .tlsRequired, .authenticationUnavailable, .smtpUTF8Unavailable, .invalidEnvelope: break
                case .timeout, .connection, .protocolViolation: isUsable = false
                }
                throw error
            default:
                isUsable = false
                throw .connection(underlying: error)
            }
        }
    }

    /// The name to send in SNI and verify the certificate against; nil for an IP address,
    /// which NIOSSL then checks against the certificate's IP addresses.
    static func serverHostname(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
