/// Why sending failed, with what a caller needs to decide whether to retry
/// (`isTransient`). No case carries a password or an AUTH exchange.
///
/// `command` names the step that failed, e.g. `greeting`, `EHLO`, `STARTTLS`, `AUTH PLAIN`,
/// `MAIL FROM:<a@example.com>`, `RCPT TO:<b@example.com>`, `DATA`, `end of data`.
public enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// A 4xx reply: try again later (mailbox busy, greylisting, server overloaded).
    case transient(code: Int, message: String, command: String)
    /// A 5xx reply: do not retry as is (no such user, rejected content, bad credentials).
    case permanent(code: Int, message: String, command: String)
    /// No reply (or connection) within the configured timeout.
    case timeout(command: String)
    /// The TCP connection or its TLS failed: refused, reset, closed early, handshake or
    /// certificate verification failed.
    case connection(underlying: any Error)
    /// TLS is needed but the server does not offer STARTTLS: `starttls=required`, or
    /// credentials to send on a connection that would otherwise stay plain text.
    case tlsRequired
    /// Credentials are configured but the server offers no AUTH mechanism this client
    /// speaks (PLAIN, LOGIN).
    case authenticationUnavailable
    /// The server offers no SMTPUTF8, but an address of the envelope is not ASCII.
    case smtpUTF8Unavailable
    /// The envelope cannot be sent (no recipient, an address that would break the command).
    case invalidEnvelope(String)
    /// The server said something this client cannot follow (a malformed reply, an
    /// unexpected code, data after the STARTTLS reply).
    case protocolViolation(String)

    /// Whether trying again later may succeed: 4xx replies, timeouts and connection
    /// failures. 5xx replies and everything about this client's configuration or the
    /// message are permanent.
    public var isTransient: Bool {
        switch self {
        case .transient, .timeout, .connection: return true
        case .permanent, .tlsRequired, .authenticationUnavailable, .smtpUTF8Unavailable, .invalidEnvelope, .protocolViolation:
            return false
        }
    }

    /// The reply code of a 4xx or 5xx reply.
    public var replyCode: Int? {
        switch self {
        case .transient(let code, _, _), .permanent(let code, _, _): return code
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .transient(let code, let message, let command): return "SMTP \(command) failed, temporarily: \(code) \(message)"
        case .permanent(let code, let message, let command): return "SMTP \(command) failed: \(code) \(message)"
        case .timeout(let command): return "SMTP server did not answer \(command) in time"
        case .connection(let underlying): return "SMTP connection failed: \(underlying)"
        case .tlsRequired: return "SMTP server does not offer STARTTLS, and TLS is required (starttls=required, or credentials to protect)"
        case .authenticationUnavailable: return "SMTP server offers no AUTH mechanism this client supports (PLAIN, LOGIN), and credentials are configured"
        case .smtpUTF8Unavailable: return "SMTP server does not offer SMTPUTF8, and an address is not ASCII"
        case .invalidEnvelope(let reason): return "invalid SMTP envelope: \(reason)"
        case .protocolViolation(let what): return "SMTP protocol violation: \(what)"
        }
    }

    /// The error for an unexpected reply to `command`.
    static func unexpected(_ reply: SMTPReply, command: String) -> SMTPError {
        let message = reply.lines.joined(separator: " ")
        if reply.isTransientFailure { return .transient(code: reply.code, message: message, command: command) }
        if reply.isPermanentFailure { return .permanent(code: reply.code, message: message, command: command) }
        return .protocolViolation("unexpected reply to \(command): \(reply)")
    }
}
