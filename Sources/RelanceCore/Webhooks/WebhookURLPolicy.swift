/// Where webhooks may go: `https://` URLs whose host is, or resolves to, public addresses
/// only. With `allowsLoopback` (`RELANCE_WEBHOOKS_ALLOW_LOOPBACK=1`, for tests and local
/// runs) loopback is allowed too, and only loopback may be reached over plain `http://`.
///
/// The check is in two steps: `check(_:)` when an endpoint is created or changed (the URL,
/// and an address written in it), and `check(_:of:)` at delivery time on every address its
/// host name resolves to, right before connecting to one of them.
public struct WebhookURLPolicy: Sendable, Equatable {
    public var allowsLoopback: Bool

    public init(allowsLoopback: Bool = false) {
        self.allowsLoopback = allowsLoopback
    }

    /// Whether a connection to `address` is allowed.
    public func permits(_ address: IPAddress) -> Bool {
        switch address.scope {
        case .public: true
        case .loopback: allowsLoopback
        default: false
        }
    }

    /// Parses and checks `text`.
    /// - Throws: what `WebhookURL.init` throws; `.forbiddenAddress` for an address written in
    ///   the URL that `permits` refuses; `.localHost` for `localhost` (and `*.localhost`)
    ///   unless loopback is allowed; `.insecure` for `http://` to anything but loopback.
    public func check(_ text: String) throws(WebhookURLError) -> WebhookURL {
        let url = try WebhookURL(text)
        let isLoopback: Bool
        switch url.host {
        case .address(let address):
            guard permits(address) else { throw .forbiddenAddress(address, address.scope) }
            isLoopback = address.scope == .loopback
        case .name(let name):
            isLoopback = name == "localhost" || name.hasSuffix(".localhost")
            if isLoopback && !allowsLoopback { throw .localHost(name) }
        }
        if !url.isSecure && !(isLoopback && allowsLoopback) { throw .insecure }
        return url
    }

    /// Checks the addresses `url`'s host resolved to: every one must be permitted (a name
    /// that resolves to a public and a private address is refused as a whole).
    /// - Throws: `.forbiddenAddress` naming the first refused address; `.malformed` when there is none.
    public func check(_ addresses: [IPAddress], of url: WebhookURL) throws(WebhookURLError) {
        guard !addresses.isEmpty else { throw .malformed("\(url.hostText) resolves to no address") }
        if let refused = addresses.first(where: { !permits($0) }) { throw .forbiddenAddress(refused, refused.scope) }
    }
}
