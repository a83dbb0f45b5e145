import Foundation
import Postgres
import RelanceTestSupport
import Synchronization
import Testing

/// A pooled connection carries nothing from one borrower to the next, whichever way it was lent.
@Suite struct PostgresSessionResetTests {
    /// The ways a pool lends a connection.
    enum Lease: String, CaseIterable, Sendable { case withConnection, withTransaction, query, pipeline }

    /// Leaves session state behind through `lease`: a session `SET`, a role, a temporary
    /// table, a `LISTEN`, a session advisory lock.
    static func leaveState(on pool: PostgresPool, through lease: Lease, role: String) async throws {
        let quoted = PostgresIdentifier.quote(role)  // spliced as trusted text below
        switch lease {
        case .withConnection:
            try await pool.withConnection { connection in
                try await connection.execute("""
                    SET search_path = pg_catalog; SET statement_timeout = 4321; CREATE TEMP TABLE leak (id int);
                    LISTEN leak; SELECT pg_advisory_lock(42); SET ROLE \(unescaped: quoted)
                    """)
            }
        case .withTransaction:
            try await pool.withTransaction { tx in
                // Non-LOCAL: survives the COMMIT.
                try await tx.execute("""
                    SET search_path = pg_catalog; SET statement_timeout = 4321; CREATE TEMP TABLE leak (id int);
                    LISTEN leak; SELECT pg_advisory_lock(42); SET ROLE \(unescaped: quoted)
                    """)
            }
        case .query:
            try await pool.query("""
                SELECT set_config('search_path', 'pg_catalog', false), set_config('statement_timeout', '4321', false),
                       pg_advisory_lock(42), set_config('role', $1, false)
                """, [role])
        case .pipeline:
            try await pool.pipeline([
                PostgresStatement("SELECT set_config('search_path', 'pg_catalog', false)"),
                PostgresStatement("SET statement_timeout = 4321"),
                PostgresStatement("CREATE TEMP TABLE leak (id int)"),
                PostgresStatement("LISTEN leak"),
                PostgresStatement("SELECT pg_advisory_lock(42)"),
                PostgresStatement("SELECT set_config('role', $1, false)", [role]),
            ])
        }
    }

    @Test(arguments: Lease.allCases)
    func theNextCheckoutSeesNoSessionState(lease: Lease) async throws {
        let role = "rst" + UUID().uuidString.prefix(8).lowercased()
        try await TestDatabase.withFreshDatabase { configuration in
            var configuration = configuration
            // Long enough for CREATE ROLE on a loaded machine (catalog locks), odd enough to recognise.
            configuration.statementTimeout = .milliseconds(12345)
            let pool = PostgresPool(connection: configuration, configuration: .init(size: 1))
            try await pool.query("CREATE ROLE \(identifier: role) NOLOGIN")
            try await pool.query("GRANT \(identifier: role) TO CURRENT_USER")
            let pid = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            try await Self.leaveState(on: pool, through: lease, role: role)
            try await pool.withConnection { connection in
                #expect(connection.backendPID == pid, "the same connection is lent again")
                let row = try await connection.query("""
                    SELECT current_setting('search_path'), current_setting('statement_timeout'), current_user::text,
                           to_regclass('pg_temp.leak') IS NULL,
                           (SELECT count(*) FROM pg_listening_channels()),
                           (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())
                    """)[0]
                #expect(try row.decode(String.self, at: 0) == "\"$user\", public", "\(lease)")
                #expect(try row.decode(String.self, at: 1) == "12345ms", "\(lease): RESET restores the value given at connect")
                #expect(try row.decode(String.self, at: 2) != role, "\(lease)")
                #expect(try row.decode(Bool.self, at: 3), "\(lease): the temporary table is gone")
                #expect(try row.decode(Int.self, at: 4) == 0, "\(lease)")
                #expect(try row.decode(Int.self, at: 5) == 0, "\(lease)")
            }
            // Prepared statements survive the reset.
            #expect(try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0) == pid)
            await pool.close()
        }
        try await TestDatabase.dropRoles(prefix: role)
    }

    @Test func aSessionTimeoutInTheConnectionStringWins() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.connectionString += (configuration.connectionString.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D7777"
        configuration.statementTimeout = .seconds(5)
        configuration.idleInTransactionSessionTimeout = .seconds(9)
        let connection = try await PostgresConnection.connect(configuration: configuration)
        let row = try await connection.query("SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')")[0]
        #expect(try row.decode(String.self, at: 0) == "7777ms")
        #expect(try row.decode(String.self, at: 1) == "9s")
        await connection.close()
    }

    @Test func aStatementPastTheTimeoutFailsWith57014() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.statementTimeout = .milliseconds(50)
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 1))
        do {
            try await pool.query("SELECT pg_sleep(5)")
            Issue.record("the statement must time out")
        } catch let error as PostgresError {
            #expect(error.sqlState == SQLState.queryCanceled)
        }
        // A transaction that needs longer says so.
        try await pool.withTransaction { tx in
            try await tx.execute("SET LOCAL statement_timeout = '10s'")
            try await tx.query("SELECT pg_sleep(0.1)")
        }
        await pool.close()
    }

    @Test func aConnectThatHangsFailsAtTheAcquireTimeout() async throws {
        // A listener that never accepts: the TCP handshake completes in the kernel's backlog
        // and libpq waits for the server's first message, as with a blackholed host.
        var fd: Int32 = -1
        var port = 0
        for _ in 0..<20 where fd < 0 {
            let candidate = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            port = ScratchServer.freePort()
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(candidate, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 && listen(candidate, 16) == 0 { fd = candidate } else { close(candidate) }
        }
        try #require(fd >= 0, "a listening socket")
        defer { close(fd) }
        let pool = PostgresPool(connection: PostgresConfiguration(connectionString: "postgres://nobody@127.0.0.1:\(port)/none"),
                                configuration: .init(size: 2, acquireTimeout: .milliseconds(300)))
        let outcome = Mutex<(any Error)?>(nil)
        let attempt = Task {
            do {
                try await pool.withConnection { _ in }
            } catch {
                outcome.withLock { $0 = error }
            }
        }
        // libpq gives up after its minimum connect_timeout, 2 s (alone, the test takes 2.0 s);
        // without it the attempt would wait forever. The margin is for a loaded CI machine.
        let finished = try await TestDatabase.eventually(timeout: .seconds(60)) { outcome.withLock { $0 != nil } }
        #expect(finished, "the acquire must not wait for the hanging connect")
        let error = outcome.withLock { $0 }
        guard case .connectTimeout? = error as? PostgresError else {
            Issue.record("expected connectTimeout, got \(String(describing: error))")
            return
        }
        _ = attempt
    }
}
