/// Why an SMTP URL or configuration is invalid. No case carries the password.
public enum SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scheme is neither `smtp` nor `smtps`.
    case unsupportedScheme(String)
    /// The URL's shape is wrong (no `://`, a path, a fragment, an unclosed `[`…).
    case malformedURL(reason: String)
    /// The URL names no host.
    case missingHost
    /// The port is not a number from 1 to 65535.
    case invalidPort(String)
    /// A `%` escape in the named part (`user name`, `password`, a parameter) is not `%XX`
    /// or does not decode to UTF-8.
    case invalidPercentEncoding(component: String)
    /// Only one of user name and password is given.
    case incompleteCredentials
    /// A query parameter has a value this client does not accept.
    case invalidParameter(name: String, value: String, expected: String)
    /// A query parameter this client does not know (a typo would otherwise be ignored).
    case unknownParameter(String)
    /// A query parameter given twice.
    case duplicateParameter(String)
    /// The name for EHLO/HELO is empty or has spaces or control characters.
    case invalidHeloName(String)
    /// The PEM file of trust roots (`ca=`, `ca_only=`) does not load.
    case invalidTrustRoots(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedScheme(let scheme): return "unsupported SMTP URL scheme \"\(scheme)\" (expected smtp or smtps)"
        case .malformedURL(let reason): return "malformed SMTP URL: \(reason)"
        case .missingHost: return "the SMTP URL names no host"
        case .invalidPort(let port): return "invalid port \"\(port)\" in the SMTP URL (expected 1 to 65535)"
        case .invalidPercentEncoding(let component): return "invalid percent-encoding in the SMTP URL's \(component)"
        case .incompleteCredentials: return "the SMTP URL gives a user name without a password, or a password without a user name"
        case .invalidParameter(let name, let value, let expected):
            return "invalid value \"\(value)\" for \(name) in the SMTP URL (expected \(expected))"
        case .unknownParameter(let name):
            return "unknown parameter \"\(name)\" in the SMTP URL (known: starttls, timeout, helo, ca, ca_only)"
        case .duplicateParameter(let name): return "parameter \"\(name)\" given twice in the SMTP URL"
        case .invalidHeloName(let name): return "invalid EHLO name \"\(name.debugEscaped)\" (expected a host name: printable ASCII, no spaces)"
        case .invalidTrustRoots(let path, let reason): return "cannot load the trust roots in \(path): \(reason)"
        }
    }
}
