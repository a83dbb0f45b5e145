import Foundation
import NIOSSL

/// A throwaway certificate authority and a certificate it signed for `localhost` (a DNS
/// name only: NIOSSL would also accept a certificate naming the address connected to, which
/// would hide whether the URL's name is checked), made with the openssl CLI once per test
/// run, for the HTTPS webhook receiver.
struct WebhookTestPKI: Sendable {
    let directory: URL
    let caCertificate: String
    let serverCertificate: String
    let serverKey: String

    static let shared: Result<WebhookTestPKI, WebhookTestPKIError> = {
        do {
            return .success(try make())
        } catch let error as WebhookTestPKIError {
            return .failure(error)
        } catch {
            return .failure(WebhookTestPKIError(message: "\(error)"))
        }
    }()

    static func get() throws -> WebhookTestPKI { try shared.get() }

    /// The receiver's side: the certificate and its key.
    func serverConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(certificateChain: try NIOSSLCertificate.fromPEMFile(serverCertificate).map { .certificate($0) },
                                                 privateKey: .privateKey(try NIOSSLPrivateKey(file: serverKey, format: .pem)))
    }

    /// A client that trusts this authority only (as the system roots would trust a real one).
    func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificate))
        return configuration
    }

    private static func make() throws -> WebhookTestPKI {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("webhook-pki-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ecKey + [
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=Webhook Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try openssl(["req"] + ecKey + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
        try """
        subjectAltName=DNS:localhost
        basicConstraints=critical,CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=serverAuth

        """.write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
                     "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext")])
        return WebhookTestPKI(directory: directory, caCertificate: path("ca.pem"), serverCertificate: path("server.pem"), serverKey: path("server.key"))
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw WebhookTestPKIError(message: "openssl \(arguments.first ?? "") exited with \(process.terminationStatus)")
        }
    }
}

/// Why the test PKI could not be made (no openssl CLI, most likely).
struct WebhookTestPKIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
