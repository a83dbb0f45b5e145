import Foundation
import Testing

/// The real QR decoder the tests check codes with: `zbarimg` from Debian's zbar-tools,
/// which `./deploy/local/test` installs and then requires (`RELANCE_TEST_REQUIRE_ZBAR=1`).
/// Elsewhere, without it, the decoding tests are skipped.
enum ZBar {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/zbarimg" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isRequired: Bool { ProcessInfo.processInfo.environment["RELANCE_TEST_REQUIRE_ZBAR"] == "1" }

    /// Run the decoding tests when zbarimg is there, or when it must be (then its absence fails).
    static var shouldRun: Bool { path != nil || isRequired }

    /// The bytes zbarimg decodes from a PGM image, exactly: `-Sbinary` keeps them as they
    /// are (without it zbar guesses a text encoding, and takes UTF-8 for Shift JIS), `--raw`
    /// drops the "QR-Code:" prefix.
    static func decode(pgm image: [UInt8]) throws -> [UInt8] {
        let zbarimg = try #require(path, "zbarimg is not installed (apt-get install zbar-tools); RELANCE_TEST_REQUIRE_ZBAR=1 requires it")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-\(UUID().uuidString).pgm")
        try Data(image).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no code (exit status \(process.terminationStatus))")
        return Array(data)
    }
}
