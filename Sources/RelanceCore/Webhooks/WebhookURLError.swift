import Foundation

/// Why a webhook URL, or an address it resolves to, is refused. `message` says it in words
/// for an API error on `url` or a delivery attempt's `error`.
public enum WebhookURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an absolute `scheme://host[:port][/path][?query]` URL; the reason in words.
    case malformed(String)
    /// More than `WebhookURL.maximumLength` bytes.
    case tooLong(Int)
    /// A scheme other than `https` (and `http` where loopback is allowed).
    case scheme(String)
    /// `http://` to a host that is not loopback, or to loopback when loopback is not allowed.
    case insecure
    /// `user:password@` in the URL.
    case credentials
    /// A `#fragment`, which is never sent.
    case fragment
    /// A host name that always means this machine (`localhost`, `*.localhost`) while
    /// loopback is not allowed.
    case localHost(String)
    /// An address (written in the URL, or what its host resolves to) outside the public
    /// Internet.
    case forbiddenAddress(IPAddress, IPAddressScope)

    public var message: String {
        switch self {
        case .malformed(let reason): "is not a valid URL: \(reason)"
        case .tooLong(let count): "must be at most \(WebhookURL.maximumLength) bytes, not \(count)"
        case .scheme(let scheme): "must be an https:// URL, not \(scheme)://"
        case .insecure: "must be an https:// URL (http:// is accepted only for loopback in local runs)"
        case .credentials: "must not contain a user name or password"
        case .fragment: "must not contain a #fragment"
        case .localHost(let host): "must not name this machine (\(host))"
        case .forbiddenAddress(let address, let scope):
            "must reach a public address, not \(address) (\(scope.rawValue.replacingOccurrences(of: "_", with: " ")))"
        }
    }

    public var description: String { message }
}
