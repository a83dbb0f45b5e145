import Foundation

/// A child process for tests: a built product as operators run it, or a tool (openssl, a
/// Python peer) the tests need.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let outputFile: URL
    private let lock = NSLock()
    private var status: Int32?

    /// The directory holding the package's built products (next to the test bundle).
    public static var productsDirectory: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for candidate in candidates {
            var directory = candidate
            for _ in 0..<4 {
                if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("relance").path) { return directory }
                directory = directory.deletingLastPathComponent()
            }
        }
        return candidates[0]
    }

    /// Starts `product` with exactly `environment` (plus PATH), output to a temporary file.
    public convenience init(product: String, arguments: [String] = [], environment: [String: String]) throws {
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        try self.init(executable: Self.productsDirectory.appendingPathComponent(product).path, arguments: arguments, environment: environment)
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`, with exactly
    /// `environment` or this process's when nil; standard input is /dev/null, standard output
    /// and error go to a temporary file.
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil) throws {
        outputFile = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A clean signal mask: Swift's runtime threads block signals, and a child inheriting
        // that would not see SIGTERM the way it does under Kubernetes.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = envp.map { envp in posix_spawnp(&pid, executable, &actions, &attributes, argv, envp) }
            ?? posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .ENOENT) }
        self.pid = pid
    }

    /// Everything the process printed so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// The exit status if the process has ended (128 + the signal when a signal ended it),
    /// else nil. Reaps it once and remembers the status.
    public func exitStatus() -> Int32? {
        lock.withLock {
            if let status { return status }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            return status
        }
    }

    /// The exit status once the process ends, or nil if it is still running at `timeout`
    /// (polled, not slept: returns as soon as it exits).
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return exitStatus()
    }

    /// Runs `executable` to its end (at most `timeout`); throws with its output unless it exits 0.
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) throws {
        let process = try ChildProcess(executable: executable, arguments: arguments)
        let deadline = ContinuousClock.now + timeout
        while process.exitStatus() == nil {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("\(executable) did not finish within \(timeout):\n\(process.output)")
            }
            usleep(5_000)
        }
        guard process.exitStatus() == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed (status \(process.exitStatus() ?? -1)):\n\(process.output)")
        }
    }

    /// SIGTERM, then SIGKILL if it has not ended within a second; reaps it.
    public func terminate() {
        guard exitStatus() == nil else { return }
        kill(pid, SIGTERM)
        for _ in 0..<200 {
            if exitStatus() != nil { return }
            usleep(5_000)
        }
        kill(pid, SIGKILL)
        lock.withLock {
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
            status = 128 + SIGKILL
        }
    }

    deinit {
        if exitStatus() == nil {
            kill(pid, SIGKILL)
            _ = lock.withLock { var raw: Int32 = 0; return waitpid(pid, &raw, 0) }
        }
        try? FileManager.default.removeItem(at: outputFile)
    }
}
