/// Where and how to reach an SMTP server: host, port, transport security, credentials,
/// timeouts and the TLS trust roots.
///
/// Usually parsed from a URL (see `init(url:)`):
///
/// ```
/// smtp://user:pass@mail.example.com:587?starttls=required
/// smtps://user:pass@mail.example.com            (implicit TLS, port 465)
/// smtp://relay.internal:25?starttls=none&helo=app.example.com&timeout=20
/// ```
///
/// `description` never shows the password, so a configuration can be logged.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable, CaseIterable {
        /// Plain text throughout (`starttls=none`); the only mode in which credentials may be
        /// sent without TLS.
        case none
        /// STARTTLS when the server offers it, plain text otherwise (`starttls=opportunistic`,
        /// the default for `smtp://`). Credentials are never sent in plain text: with
        /// credentials, a server that does not offer STARTTLS fails with `.tlsRequired`.
        case startTLSIfOffered = "opportunistic"
        /// STARTTLS or fail with `.tlsRequired` (`starttls=required`).
        case startTLS = "required"
        /// TLS from the first byte (`smtps://`, port 465).
        case implicitTLS = "implicit"
    }

    /// Which certificates the client trusts to verify the server's.
    public enum TrustRoots: Sendable, Equatable {
        /// The system's trust store.
        case system
        /// The system's trust store and the certificates of a PEM file (`ca=/path.pem`).
        case systemAnd(pemFile: String)
        /// Only the certificates of a PEM file (a private CA; tests).
        case only(pemFile: String)
    }

    /// The default port of `smtp://` (message submission, RFC 6409).
    public static let defaultSubmissionPort = 587
    /// The default port of `smtps://` (submission over implicit TLS, RFC 8314).
    public static let defaultImplicitTLSPort = 465
    /// How long connecting and each command's reply may take unless configured.
    public static let defaultTimeout: Duration = .seconds(30)

    /// The server's host name or IP address; also the name its certificate must carry.
    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: SMTPCredentials?
    /// The name sent with EHLO/HELO: this client's fully qualified host name. Defaults to
    /// `localhost`; set it (`helo=`) to the sending host's name for servers that check it.
    public var heloName: String
    /// The longest wait for the TCP connection (and the TLS handshake of `smtps://`).
    public var connectTimeout: Duration
    /// The longest wait for each reply, counted from sending its command (for the message
    /// itself, from the first byte of its content to the final reply).
    public var commandTimeout: Duration
    public var trustRoots: TrustRoots

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLSIfOffered,
        credentials: SMTPCredentials? = nil,
        heloName: String = "localhost",
        connectTimeout: Duration = SMTPConfiguration.defaultTimeout,
        commandTimeout: Duration = SMTPConfiguration.defaultTimeout,
        trustRoots: TrustRoots = .system
    ) {
        self.host = host
        self.port = port ?? (security == .implicitTLS ? Self.defaultImplicitTLSPort : Self.defaultSubmissionPort)
        self.security = security
        self.credentials = credentials
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.trustRoots = trustRoots
    }

    /// Whether TLS is used at some point of the session (at once or after STARTTLS).
    var mayUseTLS: Bool { security != .none }

    /// The configuration as a URL without the password, e.g.
    /// `smtp://mailer@mail.example.com:587?starttls=required`.
    public var description: String {
        var text = security == .implicitTLS ? "smtps://" : "smtp://"
        if let credentials {
            text += SMTPURLParser.percentEncodeUserInfo(credentials.username) + ":***@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        var query: [String] = []
        if security != .implicitTLS { query.append("starttls=\(security.rawValue)") }
        if heloName != "localhost" { query.append("helo=\(heloName)") }
        if commandTimeout != Self.defaultTimeout || connectTimeout != Self.defaultTimeout {
            query.append("timeout=\(SMTPURLParser.seconds(commandTimeout))")
        }
        switch trustRoots {
        case .system: break
        case .systemAnd(let file): query.append("ca=\(file)")
        case .only(let file): query.append("ca_only=\(file)")
        }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }
}
