import RelanceCore
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("0.0.0.0", [0, 0, 0, 0]),
        ("127.0.0.1", [127, 0, 0, 1]),
        ("255.255.255.255", [255, 255, 255, 255]),
        ("10.20.30.40", [10, 20, 30, 40]),
    ] as [(String, [UInt8])])
    func parsesDottedIPv4(text: String, bytes: [UInt8]) throws {
        let address = try #require(IPAddress(text))
        #expect(address.bytes == bytes && address.isIPv4)
        #expect(address.description == text)
    }

    /// Forms some resolvers accept (and read as other addresses) are not addresses here.
    @Test(arguments: ["127.1", "2130706433", "0x7f.0.0.1", "010.0.0.1", "256.0.0.1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1.2.3.-4",
                      "", "a.b.c.d", " 1.2.3.4", "1.2.3.4 ", "١.٢.٣.٤"])
    func refusesLooseIPv4(text: String) {
        #expect(IPAddress(text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("FD00::1", "fd00::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::ffff:192.168.1.1", "::ffff:192.168.1.1"),
        ("::FFFF:c0a8:0101", "::ffff:192.168.1.1"),
        ("64:ff9b::10.0.0.1", "64:ff9b::a00:1"),
        ("fe80::1:2", "fe80::1:2"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
    ] as [(String, String)])
    func parsesIPv6AndWritesRFC5952(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text), "\(text)")
        #expect(!address.isIPv4 && address.bytes.count == 16)
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test(arguments: [":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fe80::1%eth0",
                      "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.4:5", "[::1]", "1.2.3.4::"])
    func refusesMalformedIPv6(text: String) {
        #expect(IPAddress(text) == nil, "\(text)")
    }

    @Test(arguments: [
        ("8.8.8.8", .public), ("93.184.216.34", .public), ("1.1.1.1", .public), ("172.32.0.1", .public), ("100.128.0.1", .public),
        ("192.169.0.1", .public), ("11.0.0.1", .public),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
        ("10.0.0.1", .private), ("10.255.255.255", .private), ("172.16.0.1", .private), ("172.31.255.255", .private),
        ("192.168.0.1", .private),
        ("127.0.0.1", .loopback), ("127.255.0.9", .loopback),
        ("169.254.169.254", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("240.0.0.1", .reserved), ("255.255.255.255", .reserved), ("192.0.2.1", .reserved), ("198.18.0.1", .reserved),
        ("198.51.100.7", .reserved), ("203.0.113.9", .reserved), ("192.0.0.8", .reserved),
        ("2606:4700:4700::1111", .public), ("2a00:1450:4007:80f::200e", .public),
        ("::", .unspecified), ("::1", .loopback),
        ("fc00::1", .uniqueLocal), ("fd00::1", .uniqueLocal), ("fdff:ffff::1", .uniqueLocal),
        ("fe80::1", .linkLocal), ("febf::1", .linkLocal), ("fec0::1", .private),
        ("ff02::1", .multicast), ("ff0e::1", .multicast),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .private), ("::ffff:8.8.8.8", .public), ("::ffff:169.254.169.254", .linkLocal),
        ("64:ff9b::10.0.0.1", .private), ("64:ff9b::8.8.8.8", .public), ("64:ff9b:1::1", .private),
        ("2002:7f00:1::", .loopback), ("2002:0808:0808::", .public),
        ("2001:db8::1", .reserved), ("2001::1", .reserved), ("100::1", .reserved), ("::127.0.0.1", .reserved), ("4000::1", .reserved),
    ] as [(String, IPAddressScope)])
    func classifiesAddresses(text: String, scope: IPAddressScope) throws {
        #expect(try #require(IPAddress(text)).scope == scope, "\(text)")
    }

    @Test func bytesMakeAddressesOfFourOrSixteenOnly() {
        #expect(IPAddress(bytes: [127, 0, 0, 1])?.description == "127.0.0.1")
        #expect(IPAddress(bytes: Array(repeating: 0, count: 15) + [1])?.description == "::1")
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
