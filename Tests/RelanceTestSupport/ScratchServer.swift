import Foundation
import Postgres
import Synchronization

/// A PostgreSQL cluster of a test's own, for tests that stop or restart the server and
/// must not disturb the shared one. Needs the server binaries (`RELANCE_TEST_PG_BIN`); when
/// the tests run as root, the cluster runs as the `postgres` user.
public final class ScratchServer: Sendable {
    public let directory: URL
    public let port: Int
    private let bin: String

    public var configuration: PostgresConfiguration {
        PostgresConfiguration(connectionString: "postgres://postgres@127.0.0.1:\(port)/postgres", applicationName: "relance-tests")
    }

    public static func start() throws -> ScratchServer {
        let bin = ProcessInfo.processInfo.environment["RELANCE_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relance-scratch-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = ScratchServer(directory: directory, port: Self.freePort(), bin: bin)
        if getuid() == 0 {
            try Self.run("/bin/chown", ["postgres:", directory.path])
        }
        try server.asOwner("\(bin)/initdb", ["-D", directory.appendingPathComponent("data").path, "-U", "postgres", "--auth=trust"])
        try server.startServer()
        return server
    }

    private init(directory: URL, port: Int, bin: String) {
        self.directory = directory
        self.port = port
        self.bin = bin
    }

    public func startServer() throws {
        try asOwner("\(bin)/pg_ctl", [
            "-D", directory.appendingPathComponent("data").path, "-l", directory.appendingPathComponent("log").path, "-w",
            "-o", "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(directory.path) -c fsync=off",
            "start",
        ])
    }

    public func stopServer() throws {
        try asOwner("\(bin)/pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
    }

    public func restart() throws {
        try stopServer()
        try startServer()
    }

    /// Stops the server and deletes its files.
    public func destroy() {
        try? stopServer()
        try? FileManager.default.removeItem(at: directory)
    }

    private func asOwner(_ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var description: String { "\(command) exited with \(status)" }
    }

    /// Runs a tool to completion with posix_spawn/waitpid (Foundation's `Process` can miss
    /// the exit of a child whose own children keep running, as `pg_ctl start` does).
    static func run(_ tool: String, _ arguments: [String]) throws {
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CommandFailed(command: tool, status: spawned)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status >> 8) & 0xff
        guard status & 0x7f == 0, exitCode == 0 else {
            throw CommandFailed(command: ([tool] + arguments).joined(separator: " "), status: exitCode)
        }
    }

    /// Ports this process handed out already; never handed out twice.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A TCP port on 127.0.0.1 that nothing is bound to right now, for a server a test starts.
    ///
    /// Drawn from 20000–32767, below Linux's ephemeral range (32768–60999): a port the kernel
    /// picked with `bind(0)` and released could be taken by one of the many outgoing
    /// connections the tests open before the server binds it. Never the same port twice in
    /// one process.
    public static func freePort() -> Int {
        while true {
            let port = Int.random(in: 20_000...32_767)
            guard handedOut.withLock({ $0.insert(port).inserted }), canBind(port) else { continue }
            return port
        }
    }

    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } } == 0
    }
}
