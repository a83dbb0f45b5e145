import Foundation
import Testing

/// The real QR decoder the tests check codes with: `zbarimg` from Debian's zbar-tools,
/// which `./deploy/local/test` installs and then requires (`RELANCE_TEST_REQUIRE_ZBAR=1`).
/// Elsewhere, without it, the decoding tests are skipped.
public enum ZBar {
    public static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/zbarimg" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public static var isRequired: Bool { ProcessInfo.processInfo.environment["RELANCE_TEST_REQUIRE_ZBAR"] == "1" }

    /// Run the decoding tests when zbarimg is there, or when it must be (then its absence fails).
    public static var shouldRun: Bool { path != nil || isRequired }

    /// The bytes zbarimg decodes from a PGM image, exactly.
    public static func decode(pgm image: [UInt8]) async throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-\(UUID().uuidString).pgm")
        try Data(image).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await decode(file)
    }

    /// The bytes of the one code zbarimg finds in `image` (a PGM, a PNG screenshot…), exactly:
    /// `-Sbinary` keeps them as they are (without it zbar guesses a text encoding, and takes
    /// UTF-8 for Shift JIS), `--raw` drops the "QR-Code:" prefix; its exit status is checked.
    public static func decode(_ image: URL) async throws -> [UInt8] {
        let zbarimg = try #require(path, "zbarimg is not installed (apt-get install zbar-tools); RELANCE_TEST_REQUIRE_ZBAR=1 requires it")
        let (status, data) = try await BlockingWork.run { try run(zbarimg, image) }
        #expect(status == 0, "zbarimg found no code in \(image.lastPathComponent) (exit status \(status))")
        return Array(data)
    }

    private static func run(_ zbarimg: String, _ image: URL) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", "-Sbinary", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
