import Foundation
import Testing

/// The aiosmtpd server of `smtp_peer.py`, run as a child process for one test: started
/// with the given flags, on a free port, with its own output directory. Stopped (SIGTERM,
/// then SIGKILL) when released.
public final class SMTPPeer: @unchecked Sendable {
    /// The venv python with aiosmtpd (`RELANCE_TEST_PYTHON`), if set.
    public static let python: String? = {
        let value = ProcessInfo.processInfo.environment["RELANCE_TEST_PYTHON"] ?? ""
        return value.isEmpty ? nil : value
    }()
    /// `RELANCE_TEST_REQUIRE_SMTP=1`: a missing python is a failure, not a skip.
    public static let isRequired = ProcessInfo.processInfo.environment["RELANCE_TEST_REQUIRE_SMTP"] == "1"
    public static let isAvailable = python != nil
    public static let skipReason: Comment =
        "RELANCE_TEST_PYTHON is not set (a python with aiosmtpd; deploy/local/test sets it): the tests against a real SMTP server are skipped"

    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("smtp_peer.py").path

    public let process: ChildProcess
    public let port: Int
    public let outputDirectory: URL

    /// Starts the peer and waits (polling its output, up to `timeout`) for its READY line.
    public init(_ arguments: [String] = [], timeout: Duration = .seconds(30)) async throws {
        guard let python = Self.python else { throw TestFailure("RELANCE_TEST_PYTHON is not set") }
        outputDirectory = try TemporaryDirectory.make(prefix: "smtp-peer")
        process = try ChildProcess(executable: python, arguments: ["-u", Self.script, "--out", outputDirectory.path] + arguments)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = process.output.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }),
               let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) {
                self.port = port
                return
            }
            if let status = process.exitStatus() {
                throw TestFailure("smtp_peer.py exited with status \(status) before it was ready:\n\(process.output)")
            }
            guard ContinuousClock.now < deadline else {
                throw TestFailure("smtp_peer.py was not ready within \(timeout):\n\(process.output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The messages the peer accepted so far, in order.
    public func receivedMessages() throws -> [ReceivedMessage] {
        var messages: [ReceivedMessage] = []
        var number = 1
        while FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent("\(number).json").path) {
            messages.append(try ReceivedMessage(directory: outputDirectory, number: number))
            number += 1
        }
        return messages
    }

    /// How many messages the peer has accepted so far (its complete `n.json` files; cheap:
    /// nothing is parsed).
    public var receivedCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count
    }

    /// Whether the peer wrote any message file at all (also half-written ones).
    public var hasReceivedAnything: Bool {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
        return files.contains { $0.hasSuffix(".eml") || $0.hasSuffix(".json") }
    }

    /// Waits (polling, up to `timeout`) until the peer has written message `number`.
    public func message(_ number: Int, timeout: Duration = .seconds(10)) async throws -> ReceivedMessage {
        let deadline = ContinuousClock.now + timeout
        let file = outputDirectory.appendingPathComponent("\(number).json").path
        while !FileManager.default.fileExists(atPath: file) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("the peer wrote no message \(number) within \(timeout); its output:\n\(process.output)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try ReceivedMessage(directory: outputDirectory, number: number)
    }

    deinit {
        process.terminate()
        try? FileManager.default.removeItem(at: outputDirectory)
    }
}
