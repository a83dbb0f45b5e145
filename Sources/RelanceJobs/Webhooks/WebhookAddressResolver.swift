#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix
import RelanceCore

/// Resolves a webhook URL's host to the addresses `WebhookURLPolicy` then checks and
/// `WebhookHTTPClient` connects to: the addresses checked are the ones connected to, so a
/// name that resolves to a public address when checked and to a private one a moment later
/// (DNS rebinding) gains nothing.
///
/// Resolution is `getaddrinfo` (so `/etc/hosts` and the system resolver apply) on NIO's
/// blocking-I/O thread pool, not on the cooperative pool.
public struct WebhookAddressResolver: Sendable {
    /// Names answered without asking the system (tests: a name that resolves to loopback).
    let hosts: [String: [IPAddress]]

    /// - Parameter hosts: names resolved from this table instead of the system's resolver.
    public init(hosts: [String: [IPAddress]] = [:]) {
        self.hosts = hosts
    }

    /// The addresses of `url`'s host, in the resolver's order without repeats; an address
    /// written in the URL is returned as it is.
    /// - Throws: `WebhookDeliveryError.resolution`.
    public func addresses(of url: WebhookURL) async throws -> [IPAddress] {
        switch url.host {
        case .address(let address): return [address]
        case .name(let name):
            if let known = hosts[name] { return known }
            return try await NIOThreadPool.singleton.runIfActive { try Self.lookup(name) }
        }
    }

    static func lookup(_ host: String) throws(WebhookDeliveryError) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0, let first = list else {
            throw .resolution(host: host, reason: String(cString: gai_strerror(code)))
        }
        defer { freeaddrinfo(first) }
        var result: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let socketAddress = info.pointee.ai_addr, let address = Self.address(socketAddress, family: info.pointee.ai_family),
               !result.contains(address) {
                result.append(address)
            }
            cursor = info.pointee.ai_next
        }
        guard !result.isEmpty else { throw .resolution(host: host, reason: "no IPv4 or IPv6 address") }
        return result
    }

    private static func address(_ pointer: UnsafeMutablePointer<sockaddr>, family: Int32) -> IPAddress? {
        switch family {
        case AF_INET:
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                withUnsafeBytes(of: v4.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                withUnsafeBytes(of: v6.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            nil
        }
    }
}
