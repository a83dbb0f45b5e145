import Foundation
import Testing

/// `zbarimg` (Debian's zbar-tools) reading QR codes from image files, such as a browser's
/// screenshot. `./deploy/local/test` installs it and sets `RELANCE_TEST_REQUIRE_ZBAR=1`, so
/// there its absence fails the tests that need it; elsewhere they are skipped without it.
/// (QRCodeTests has its own reader of generated images; that target does not link this one.)
enum ZBarImage {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/zbarimg" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isRequired: Bool { ProcessInfo.processInfo.environment["RELANCE_TEST_REQUIRE_ZBAR"] == "1" }

    /// Run when zbarimg is there, or when it must be (then its absence fails).
    static var shouldRun: Bool { path != nil || isRequired }

    /// The bytes of the one code zbarimg finds in `image`, exactly (`-Sbinary`: no guessed
    /// text encoding; `--raw`: no `QR-Code:` prefix); its exit status is checked.
    static func decode(_ image: URL) throws -> [UInt8] {
        let zbarimg = try #require(path, "zbarimg is not installed (apt-get install zbar-tools); RELANCE_TEST_REQUIRE_ZBAR=1 requires it")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", "-Sbinary", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no code in \(image.path) (exit status \(process.terminationStatus))")
        return Array(data)
    }
}
