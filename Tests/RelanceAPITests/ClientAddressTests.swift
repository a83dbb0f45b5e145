import NIOCore
import Testing
@testable import RelanceAPI

/// Which address the pay page's rate limit counts: the TCP peer, or behind trusted proxies
/// the entry they appended to `X-Forwarded-For`.
@Suite struct ClientAddressTests {
    static let peer = try! SocketAddress(ipAddress: "10.0.0.7", port: 41234)

    @Test func withoutTrustedProxiesThePeerCountsWhateverTheHeaderSays() {
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["203.0.113.9"], trustedProxies: 0) == "10.0.0.7")
        #expect(ClientAddress.of(peer: nil, forwardedFor: [], trustedProxies: 0) == "unknown")
    }

    @Test func behindProxiesTheEntryTheyAppendedCounts() {
        // The client sent "1.2.3.4" itself; the one trusted proxy appended what it saw.
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["1.2.3.4, 203.0.113.9"], trustedProxies: 1) == "203.0.113.9")
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["1.2.3.4", "203.0.113.9, 10.1.1.1"], trustedProxies: 2) == "203.0.113.9")
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["2001:DB8:0:0::1"], trustedProxies: 1) == "2001:db8::1")
    }

    @Test func tooFewHopsOrAnEntryThatIsNoAddressCountsThePeer() {
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: [], trustedProxies: 1) == "10.0.0.7")
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["203.0.113.9"], trustedProxies: 2) == "10.0.0.7")
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: ["unknown"], trustedProxies: 1) == "10.0.0.7")
        #expect(ClientAddress.of(peer: Self.peer, forwardedFor: [String(repeating: "9", count: 500)], trustedProxies: 1) == "10.0.0.7")
    }
}
