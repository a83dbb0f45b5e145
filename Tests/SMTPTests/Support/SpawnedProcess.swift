import Foundation

/// A child process with stdout and stderr in a temporary file, for the tests' peers and
/// tools. Killed when released if still running.
final class SpawnedProcess: @unchecked Sendable {
    let pid: pid_t
    let outputFile: URL
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
    init(_ executable: String, _ arguments: [String]) throws {
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-test-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A clean signal mask, so that SIGTERM stops the child.
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
        let result = posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// Everything the process printed so far.
    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// The exit status if the process has ended (128 + signal for a signal), else nil.
    func exitStatus() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return status
    }

    /// Waits for the end (polling, up to `timeout`), returning the exit status, or nil if
    /// the process still runs.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return exitStatus()
    }

    /// Runs a tool to completion (blocking the calling thread: for short tools only).
    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) throws {
        let process = try SpawnedProcess(executable, arguments)
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
    func terminate() {
        guard exitStatus() == nil else { return }
        kill(pid, SIGTERM)
        for _ in 0..<200 {
            if exitStatus() != nil { return }
            usleep(5_000)
        }
        kill(pid, SIGKILL)
        lock.lock()
        defer { lock.unlock() }
        var raw: Int32 = 0
        waitpid(pid, &raw, 0)
        status = 137
    }

    deinit {
        terminate()
        try? FileManager.default.removeItem(at: outputFile)
    }
}
