/// What kind of network an address belongs to, for deciding whether Relance may connect to
/// it on a tenant's behalf: only `public` addresses (and `loopback` where a setting allows it,
/// in tests and local runs) are ever reached, so a webhook URL cannot make the worker probe
/// the network it runs in (SSRF).
public enum IPAddressScope: String, Sendable, Hashable, CaseIterable {
    /// Globally routable unicast.
    case `public`
    /// 127.0.0.0/8, ::1.
    case loopback
    /// RFC 1918 (10/8, 172.16/12, 192.168/16), site-local fec0::/10, NAT64 local-use 64:ff9b:1::/48.
    case `private`
    /// 169.254/16, fe80::/10.
    case linkLocal = "link_local"
    /// 100.64/10, carrier-grade NAT (RFC 6598).
    case sharedAddressSpace = "shared_address_space"
    /// fc00::/7 (RFC 4193).
    case uniqueLocal = "unique_local"
    /// 224/4, ff00::/8.
    case multicast
    /// 0.0.0.0/8 ("this network"), ::.
    case unspecified
    /// Anything else not routable on the Internet: documentation and benchmarking ranges,
    /// IETF protocol assignments, 240/4 and the broadcast address, Teredo, discard-only, and
    /// IPv6 outside 2000::/3.
    case reserved
}

extension IPAddress {
    /// The scope of the address. IPv6 forms that carry an IPv4 address (IPv4-mapped
    /// `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) take the scope of that
    /// IPv4 address.
    public var scope: IPAddressScope {
        isIPv4 ? Self.scopeOfIPv4(bytes) : scopeOfIPv6
    }

    private static func scopeOfIPv4(_ b: [UInt8]) -> IPAddressScope {
        switch (b[0], b[1], b[2]) {
        case (0, _, _): .unspecified
        case (10, _, _): .private
        case (100, 64...127, _): .sharedAddressSpace
        case (127, _, _): .loopback
        case (169, 254, _): .linkLocal
        case (172, 16...31, _): .private
        case (192, 0, 0), (192, 0, 2), (192, 88, 99), (198, 51, 100), (203, 0, 113), (198, 18...19, _): .reserved
        case (192, 168, _): .private
        case (224...239, _, _): .multicast
        case (240...255, _, _): .reserved
        default: .public
        }
    }

    private var scopeOfIPv6: IPAddressScope {
        let b = bytes
        let zeros = { (range: Range<Int>) in b[range].allSatisfy { $0 == 0 } }
        if zeros(0..<16) { return .unspecified }
        if zeros(0..<15) && b[15] == 1 { return .loopback }
        if let mapped = mappedIPv4 { return mapped.scope }
        if zeros(0..<12) { return .reserved }   // IPv4-compatible (deprecated)
        // NAT64 well-known prefix 64:ff9b::/96 carries an IPv4 address; 64:ff9b:1::/48 is local use.
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b {
            if zeros(4..<12) { return Self.scopeOfIPv4(Array(b[12..<16])) }
            if b[4] == 0x00, b[5] == 0x01 { return .private }
        }
        if b[0] == 0x01, b[1] == 0x00, zeros(2..<8) { return .reserved }   // 100::/64 discard-only
        if b[0] == 0xff { return .multicast }
        if b[0] & 0xfe == 0xfc { return .uniqueLocal }
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return .linkLocal }
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return .private }   // site-local (deprecated)
        if b[0] == 0x20, b[1] == 0x02 { return Self.scopeOfIPv4(Array(b[2..<6])) }   // 6to4
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0d, b[3] == 0xb8 { return .reserved }   // documentation
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, b[3] == 0x00 { return .reserved }   // Teredo
        if b[0] & 0xe0 != 0x20 { return .reserved }   // outside global unicast 2000::/3
        return .public
    }
}
