import Foundation
import SMTP
import RelanceTestSupport
import Testing

struct SMTPConfigurationTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let url: String
        let host: String
        let port: Int
        let security: SMTPConfiguration.Security
        let credentials: SMTPCredentials?
        var helo = "localhost"
        var timeout: Duration = SMTPConfiguration.defaultTimeout
        var trustRoots: SMTPConfiguration.TrustRoots = .system
        var testDescription: String { url }
    }

    static let valid: [Valid] = [
        Valid(url: "smtp://mail.example.com", host: "mail.example.com", port: 587, security: .startTLSIfOffered, credentials: nil),
        Valid(url: "SMTP://mail.example.com:25/", host: "mail.example.com", port: 25, security: .startTLSIfOffered, credentials: nil),
        Valid(
            url: "smtp://user:pass@host:587?starttls=required", host: "host", port: 587, security: .startTLS,
            credentials: SMTPCredentials(username: "user", password: "pass")),
        Valid(url: "smtp://relay:2525?starttls=none", host: "relay", port: 2525, security: .none, credentials: nil),
        Valid(url: "smtp://relay?starttls=OPPORTUNISTIC", host: "relay", port: 587, security: .startTLSIfOffered, credentials: nil),
        Valid(
            url: "smtps://user%40example.com:p%40ss%3Aw%2Frd%20%C3%A9@smtp.example.com", host: "smtp.example.com", port: 465,
            security: .implicitTLS, credentials: SMTPCredentials(username: "user@example.com", password: "p@ss:w/rd é")),
        Valid(url: "smtps://smtp.example.com:2465", host: "smtp.example.com", port: 2465, security: .implicitTLS, credentials: nil),
        Valid(url: "smtp://[::1]:1025?starttls=none", host: "::1", port: 1025, security: .none, credentials: nil),
        Valid(url: "smtp://127.0.0.1", host: "127.0.0.1", port: 587, security: .startTLSIfOffered, credentials: nil),
        Valid(
            url: "smtp://h?timeout=2.5&helo=app.example.com&ca=/etc/ssl/private-ca.pem", host: "h", port: 587,
            security: .startTLSIfOffered, credentials: nil, helo: "app.example.com", timeout: .milliseconds(2500),
            trustRoots: .systemAnd(pemFile: "/etc/ssl/private-ca.pem")),
        Valid(
            url: "smtp://h?ca_only=/tmp/ca%20dir/ca.pem&timeout=20", host: "h", port: 587, security: .startTLSIfOffered,
            credentials: nil, timeout: .seconds(20), trustRoots: .only(pemFile: "/tmp/ca dir/ca.pem")),
    ]

    @Test(arguments: valid)
    func parses(_ expected: Valid) throws {
        let configuration = try SMTPConfiguration(url: expected.url)
        #expect(configuration.host == expected.host)
        #expect(configuration.port == expected.port)
        #expect(configuration.security == expected.security)
        #expect(configuration.credentials == expected.credentials)
        #expect(configuration.heloName == expected.helo)
        #expect(configuration.commandTimeout == expected.timeout)
        #expect(configuration.connectTimeout == expected.timeout)
        #expect(configuration.trustRoots == expected.trustRoots)
        // The description is a URL that parses back to the same configuration.
        #expect(try SMTPConfiguration(url: configuration.description.replacingOccurrences(of: ":***@", with: ":x@")).host == expected.host)
    }

    static let invalid: [(String, SMTPConfigurationError)] = [
        ("mail.example.com", .malformedURL(reason: "expected smtp://host or smtps://host")),
        ("http://mail.example.com", .unsupportedScheme("http")),
        ("smtp://", .missingHost),
        ("smtp://user:pw@", .missingHost),
        ("smtp://:25", .missingHost),
        ("smtp://host:0", .invalidPort("0")),
        ("smtp://host:65536", .invalidPort("65536")),
        ("smtp://host:smtp", .invalidPort("smtp")),
        ("smtp://host:", .invalidPort("")),
        ("smtp://host/path", .malformedURL(reason: "a path is not allowed")),
        ("smtp://user:pa#ss@host", .malformedURL(reason: "a fragment (#) is not allowed; percent-encode # in a password as %23")),
        ("smtp://user@host", .incompleteCredentials),
        ("smtp://:secret@host", .incompleteCredentials),
        ("smtp://user:%ZZ@host", .invalidPercentEncoding(component: "password")),
        ("smtp://us%C3er:pw@host", .invalidPercentEncoding(component: "user name")),
        ("smtp://host?starttls=maybe", .invalidParameter(name: "starttls", value: "maybe", expected: "none, opportunistic or required")),
        ("smtps://host?starttls=required",
         .invalidParameter(name: "starttls", value: "required", expected: "no starttls with smtps://, which is TLS from the start")),
        ("smtp://host?timeout=0", .invalidParameter(name: "timeout", value: "0", expected: "a number of seconds, more than 0")),
        ("smtp://host?timeout=-1", .invalidParameter(name: "timeout", value: "-1", expected: "a number of seconds, more than 0")),
        ("smtp://host?timeout=1e3", .invalidParameter(name: "timeout", value: "1e3", expected: "a number of seconds, more than 0")),
        ("smtp://host?helo=a%20b", .invalidParameter(name: "helo", value: "a b", expected: "a host name (printable ASCII, no spaces)")),
        ("smtp://host?ca=", .invalidParameter(name: "ca", value: "", expected: "the path of a PEM file")),
        ("smtp://host?tls=on", .unknownParameter("tls")),
        ("smtp://host?timeout=1&timeout=2", .duplicateParameter("timeout")),
        ("smtp://[::1", .malformedURL(reason: "an IPv6 address without its closing ]")),
        ("smtp://ho st", .malformedURL(reason: "the host contains a character not allowed in a host name")),
    ]

    @Test(arguments: invalid)
    func rejects(_ url: String, _ expected: SMTPConfigurationError) {
        #expect(throws: expected) { try SMTPConfiguration(url: url) }
    }

    @Test func theDescriptionNeverShowsThePassword() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mailer%40example.com:hunter2%21@mail.example.com?starttls=required&timeout=10")
        #expect(configuration.description == "smtp://mailer%40example.com:***@mail.example.com:587?starttls=required&timeout=10")
        #expect(!"\(configuration)".contains("hunter2"))
        #expect(!String(reflecting: configuration.credentials!).contains("hunter2"))
        #expect(configuration.credentials?.password == "hunter2!")
        let implicit = try SMTPConfiguration(url: "smtps://u:secret@h", trustRoots: .only(pemFile: "/ca.pem"))
        #expect(implicit.description == "smtps://u:***@h:465?ca_only=/ca.pem")
        #expect(implicit.trustRoots == .only(pemFile: "/ca.pem"))
        // Errors do not echo the password either.
        for url in ["smtp://u:hunter2@host:x", "smtp://u:hunter2@host?x=1", "smtp://u:hunter2@host/p", "smtp://u:hunter2@"] {
            #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: url) }
            do { _ = try SMTPConfiguration(url: url) } catch { #expect(!"\(error)".contains("hunter2")) }
        }
    }

    @Test func theClientRejectsAnUnusableConfiguration() throws {
        var configuration = SMTPConfiguration(host: "h", security: .none, heloName: "bad name")
        #expect(throws: SMTPConfigurationError.invalidHeloName("bad name")) { try SMTPClient(configuration: configuration) }
        configuration.heloName = "ok.example.com"
        configuration.security = .startTLS
        configuration.trustRoots = .only(pemFile: "/nonexistent/ca.pem")
        #expect(throws: SMTPConfigurationError.self) { try SMTPClient(configuration: configuration) }
        configuration.trustRoots = .system
        _ = try SMTPClient(configuration: configuration)
    }
}
