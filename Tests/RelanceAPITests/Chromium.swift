import Foundation
import RelanceTestSupport

/// Headless Chromium (Debian's `chromium`, which `./deploy/local/test` installs) for the
/// tests of the HTML pages: `RELANCE_TEST_CHROMIUM`, else the usual paths.
enum Chromium {
    static var path: String? {
        if let path = ProcessInfo.processInfo.environment["RELANCE_TEST_CHROMIUM"], !path.isEmpty { return path }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs Chromium headless with `arguments` in a profile of its own: its standard output
    /// (what `--dump-dom` prints) and its standard error (the console, with
    /// `--enable-logging=stderr`).
    static func run(_ arguments: [String]) async throws -> (output: String, errors: String) {
        try await BlockingWork.run { try runBlocking(arguments) }
    }

    private static func runBlocking(_ arguments: [String]) throws -> (output: String, errors: String) {
        guard let path else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "chromium is not installed: run ./deploy/local/test"]) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errorFile = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--user-data-dir=\(scratch.appendingPathComponent("profile").path)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (String(decoding: data, as: UTF8.self), errors)
    }
}
