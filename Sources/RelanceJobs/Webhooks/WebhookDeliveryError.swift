/// Why a webhook request got no HTTP response. The description goes into the attempt's
/// `error` (it names hosts and addresses, never the secret or the body).
public enum WebhookDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve.
    case resolution(host: String, reason: String)
    /// No connection to any of the addresses, or it broke before a response.
    case connection(String)
    /// The TLS handshake failed (an untrusted or mismatched certificate, a protocol error).
    case tls(String)
    /// No complete response within the timeout (connecting included).
    case timeout(Duration)
    /// The peer's answer was not an HTTP response.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .resolution(let host, let reason): "cannot resolve \(host): \(reason)"
        case .connection(let detail): "connection failed: \(detail)"
        case .tls(let detail): "TLS failed: \(detail)"
        case .timeout(let timeout): "no response within \(timeout.components.seconds) s"
        case .protocolViolation(let detail): "not an HTTP response: \(detail)"
        }
    }
}
