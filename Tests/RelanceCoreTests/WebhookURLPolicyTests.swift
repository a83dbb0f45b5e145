import RelanceCore
import Testing

@Suite struct WebhookURLPolicyTests {
    static let strict = WebhookURLPolicy()
    static let local = WebhookURLPolicy(allowsLoopback: true)

    @Test(arguments: [
        ("https://example.com/hooks", "https://example.com/hooks", 443, "/hooks", "example.com"),
        ("HTTPS://Example.COM", "https://example.com/", 443, "/", "example.com"),
        ("https://example.com:8443/a/b?x=1&y=%20", "https://example.com:8443/a/b?x=1&y=%20", 8443, "/a/b?x=1&y=%20", "example.com:8443"),
        ("https://example.com?x=1", "https://example.com/?x=1", 443, "/?x=1", "example.com"),
        ("https://hooks.example.com.:443/", "https://hooks.example.com/", 443, "/", "hooks.example.com"),
        ("https://8.8.8.8/x", "https://8.8.8.8/x", 443, "/x", "8.8.8.8"),
        ("https://[2606:4700:4700::1111]:444/", "https://[2606:4700:4700::1111]:444/", 444, "/", "[2606:4700:4700::1111]:444"),
        ("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/", 443, "/", "xn--bcher-kva.example"),
    ] as [(String, String, Int, String, String)])
    func acceptsHTTPSToPublicHosts(text: String, canonical: String, port: Int, target: String, host: String) throws {
        let url = try Self.strict.check(text)
        #expect(url.description == canonical && url.port == port && url.requestTarget == target && url.hostHeader == host && url.isSecure)
    }

    @Test(arguments: [
        ("http://example.com/", WebhookURLError.insecure),
        ("ftp://example.com/", .scheme("ftp")),
        ("example.com/hooks", .malformed("no scheme://")),
        ("https://", .malformed("no host")),
        ("https://user:pw@example.com/", .credentials),
        ("https://example.com/#frag", .fragment),
        ("https://example.com/a b", .malformed("only printable ASCII without spaces (percent-encode the rest)")),
        ("https://exa_mple.com/", .malformed("exa_mple.com is not a host name (labels of a-z, 0-9 and -, 1 to 63 characters)")),
        ("https://-a.example/", .malformed("-a.example is not a host name (labels of a-z, 0-9 and -, 1 to 63 characters)")),
        ("https://example.com:0/", .malformed("the port must be a number from 1 to 65535")),
        ("https://example.com:65536/", .malformed("the port must be a number from 1 to 65535")),
        ("https://2130706433/", .malformed("2130706433 is not a dotted IPv4 address (four numbers 0-255 without leading zeros)")),
        ("https://127.1/", .malformed("127.1 is not a dotted IPv4 address (four numbers 0-255 without leading zeros)")),
        ("https://0x7f.0.0.1/", .malformed("0x7f.0.0.1 is not a dotted IPv4 address nor a host name")),
        ("https://[127.0.0.1]/", .malformed("127.0.0.1 in brackets is not an IPv6 address")),
        ("https://[::1/", .malformed("an unclosed [ in the host")),
        ("https://10.0.0.1/", .forbiddenAddress(IPAddress("10.0.0.1")!, .private)),
        ("https://172.20.1.1/", .forbiddenAddress(IPAddress("172.20.1.1")!, .private)),
        ("https://192.168.1.10/", .forbiddenAddress(IPAddress("192.168.1.10")!, .private)),
        ("https://169.254.169.254/latest/meta-data", .forbiddenAddress(IPAddress("169.254.169.254")!, .linkLocal)),
        ("https://100.64.0.1/", .forbiddenAddress(IPAddress("100.64.0.1")!, .sharedAddressSpace)),
        ("https://127.0.0.1/", .forbiddenAddress(IPAddress("127.0.0.1")!, .loopback)),
        ("https://0.0.0.0/", .forbiddenAddress(IPAddress("0.0.0.0")!, .unspecified)),
        ("https://[::1]/", .forbiddenAddress(IPAddress("::1")!, .loopback)),
        ("https://[fd00::1]/", .forbiddenAddress(IPAddress("fd00::1")!, .uniqueLocal)),
        ("https://[fe80::1]/", .forbiddenAddress(IPAddress("fe80::1")!, .linkLocal)),
        ("https://[::ffff:10.0.0.1]/", .forbiddenAddress(IPAddress("::ffff:10.0.0.1")!, .private)),
        ("https://[ff02::1]/", .forbiddenAddress(IPAddress("ff02::1")!, .multicast)),
        ("https://localhost/", .localHost("localhost")),
        ("https://api.localhost:8443/", .localHost("api.localhost")),
    ] as [(String, WebhookURLError)])
    func refusesWhatIsNotHTTPSToAPublicHost(text: String, error: WebhookURLError) {
        #expect(throws: error, "\(text)") { try Self.strict.check(text) }
    }

    @Test func loopbackIsAllowedOnlyWhenTheSettingSaysSoAndOnlyLoopbackOverHTTP() throws {
        for text in ["http://127.0.0.1:8080/hook", "http://localhost:9000/", "https://127.0.0.1/", "http://[::1]:81/"] {
            _ = try Self.local.check(text)
            #expect(throws: WebhookURLError.self, "\(text)") { try Self.strict.check(text) }
        }
        #expect(throws: WebhookURLError.insecure) { try Self.local.check("http://example.com/") }
        #expect(throws: WebhookURLError.forbiddenAddress(IPAddress("10.0.0.1")!, .private)) { try Self.local.check("http://10.0.0.1/") }
        #expect(throws: WebhookURLError.forbiddenAddress(IPAddress("192.168.0.1")!, .private)) { try Self.local.check("https://192.168.0.1/") }
    }

    @Test func resolvedAddressesMustAllBePermitted() throws {
        let url = try Self.strict.check("https://hooks.example.com/")
        try Self.strict.check([IPAddress("93.184.216.34")!, IPAddress("2606:2800:220:1::1")!], of: url)
        #expect(throws: WebhookURLError.forbiddenAddress(IPAddress("10.1.1.1")!, .private)) {
            try Self.strict.check([IPAddress("93.184.216.34")!, IPAddress("10.1.1.1")!], of: url)
        }
        #expect(throws: WebhookURLError.forbiddenAddress(IPAddress("127.0.0.1")!, .loopback)) {
            try Self.strict.check([IPAddress("127.0.0.1")!], of: url)
        }
        try Self.local.check([IPAddress("127.0.0.1")!, IPAddress("::1")!], of: url)
        #expect(throws: WebhookURLError.self) { try Self.strict.check([], of: url) }
    }

    @Test func messagesNameTheProblemForTheAPI() {
        #expect(WebhookURLError.forbiddenAddress(IPAddress("10.0.0.1")!, .private).message == "must reach a public address, not 10.0.0.1 (private)")
        #expect(WebhookURLError.forbiddenAddress(IPAddress("fd00::1")!, .uniqueLocal).message
                == "must reach a public address, not fd00::1 (unique local)")
        #expect(WebhookURLError.insecure.message.hasPrefix("must be an https:// URL"))
    }

    @Test func secretsAreMarkedAndRandom() {
        let first = WebhookSecret.generate(), second = WebhookSecret.generate()
        #expect(first.hasPrefix("whsec_") && first.count == 6 + 64 && first != second)
        #expect(Hex.decode(String(first.dropFirst(6)))?.count == 32)
    }

    @Test func eventTypesAreTheSevenOfTheIssue() {
        #expect(WebhookEventType.allCases.map(\.rawValue) == [
            "reminder.sent", "payment.recorded", "invoice.paid", "dispute.opened", "promise.broken", "payment_plan.breached", "task.created",
        ])
    }
}
