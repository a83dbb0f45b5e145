import Foundation

/// A throwaway certificate authority and a server certificate it signed (for `localhost`
/// and 127.0.0.1), made with the openssl CLI once per test run; plus a second CA that
/// signed nothing, for the untrusted case.
public struct TestPKI: Sendable {
    public let directory: URL
    public let caCertificate: String
    public let serverCertificate: String
    public let serverKey: String
    public let otherCACertificate: String

    /// Made on first use; every test shares it.
    public static let shared: Result<TestPKI, TestFailure> = {
        do {
            let pki = try make()
            atexit { TestPKI.removeFiles() }
            return .success(pki)
        } catch let error as TestFailure {
            return .failure(error)
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    private static func removeFiles() {
        if case .success(let pki) = shared { try? FileManager.default.removeItem(at: pki.directory) }
    }

    public static func get() throws -> TestPKI { try shared.get() }

    private static func make() throws -> TestPKI {
        let directory = try TemporaryDirectory.make(prefix: "smtp-pki")
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, subject) in [("ca", "/CN=SMTP Test CA"), ("other-ca", "/CN=Other Test CA")] {
            try ChildProcess.run("openssl", ["req", "-x509"] + ecKey + [
                "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        try ChildProcess.run("openssl", ["req"] + ecKey + [
            "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost",
        ])
        try """
        subjectAltName=DNS:localhost,IP:127.0.0.1
        basicConstraints=critical,CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=serverAuth

        """.write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try ChildProcess.run("openssl", [
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext"),
        ])
        return TestPKI(
            directory: directory, caCertificate: path("ca.pem"), serverCertificate: path("server.pem"),
            serverKey: path("server.key"), otherCACertificate: path("other-ca.pem")
        )
    }

    /// The peer's flags for STARTTLS with the server certificate.
    public var startTLSArguments: [String] { ["--starttls-cert", serverCertificate, "--starttls-key", serverKey] }
    /// The peer's flags for implicit TLS with the server certificate.
    public var implicitTLSArguments: [String] { ["--tls-cert", serverCertificate, "--tls-key", serverKey] }
}
