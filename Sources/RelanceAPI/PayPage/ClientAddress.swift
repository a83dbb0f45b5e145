import Foundation
import NIOCore

/// The address a request is counted against by `ClientRateLimiter`.
///
/// Behind proxies (the Ingress controller), the TCP peer is the last proxy, so every client
/// would share one bucket: with `trustedProxies` = n > 0, the client is the n-th address from
/// the right of `X-Forwarded-For` (each trusted proxy appends the address it saw; what the
/// client itself sent stays further left and is ignored). A request that did not come
/// through that many proxies, or whose entry is not an IP address, is counted against its
/// TCP peer.
enum ClientAddress {
    /// The client's IP address in canonical form, or `unknown` without a peer.
    static func of(peer: SocketAddress?, forwardedFor: [String], trustedProxies: Int) -> String {
        if trustedProxies > 0 {
            let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            if hops.count >= trustedProxies, let address = canonical(hops[hops.count - trustedProxies]) { return address }
        }
        return peer?.ipAddress ?? "unknown"
    }

    /// `text` as an IP address, written canonically (`2001:db8::1`), or nil.
    static func canonical(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 45, let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return address.ipAddress
    }
}
