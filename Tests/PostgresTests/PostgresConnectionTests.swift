import Foundation
@testable import Postgres
import RelanceTestSupport
import Synchronization
import Testing

@Suite struct PostgresConnectionTests {
    @Test func connectsFromAURLAndFromAConninfoString() async throws {
        let url = try TestDatabase.configuration().connectionString
        let components = try #require(URLComponents(string: url))
        let conninfo = "host=\(components.host!) port=\(components.port!) user=\(components.user!) dbname=relance application_name=conninfo-test"
        let byURL = try await PostgresConnection.connect(configuration: .init(connectionString: url))
        let byConninfo = try await PostgresConnection.connect(configuration: .init(connectionString: conninfo))
        #expect(try await byURL.query("SELECT current_user::text")[0].decode(String.self, at: 0) == "relance")
        #expect(try await byConninfo.query("SELECT current_setting('application_name')")[0].decode(String.self, at: 0) == "conninfo-test")
        await byURL.close()
        await byConninfo.close()
    }

    @Test func tlsOptionsPassThroughToLibpq() async throws {
        // The test server has no TLS: sslmode=require must be refused by libpq, proving the option arrived.
        let url = try TestDatabase.configuration().connectionString + "?sslmode=require"
        await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(configuration: .init(connectionString: url))
        }
        do {
            _ = try await PostgresConnection.connect(configuration: .init(connectionString: url))
        } catch {
            #expect("\(error)".lowercased().contains("ssl"), "\(error)")
        }
    }

    @Test func badConnectionStringsGetAClearError() async throws {
        do {
            _ = try await PostgresConnection.connect(configuration: .init(connectionString: "host=localhost nonsense_option=1"))
            Issue.record("an unknown option must be refused")
        } catch {
            #expect("\(error)".contains("nonsense_option"), "\(error)")
        }
        await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(configuration: .init(connectionString: "postgres://relance@127.0.0.1:1/relance"))
        }
    }

    @Test func theEnvironmentConfigurationPrefersDatabaseURL() {
        #expect(PostgresConfiguration.fromEnvironment(["DATABASE_URL": "postgres://a@b/c"]).connectionString == "postgres://a@b/c")
        #expect(PostgresConfiguration.fromEnvironment(["PGHOST": "x"]).connectionString == "")
        let redacted = PostgresConfiguration(connectionString: "postgres://app:s3cret@db.example:6543/relance").redactedDescription
        #expect(redacted == "app@db.example:6543/relance")
        #expect(!redacted.contains("s3cret"))
    }

    @Test func serverErrorsCarrySQLStateAndDiagnostics() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        try await connection.execute("""
            CREATE TEMP TABLE invoices (id int PRIMARY KEY, number text NOT NULL CONSTRAINT invoices_number_key UNIQUE);
            INSERT INTO invoices VALUES (1, 'F-001');
            """)
        do {
            try await connection.query("INSERT INTO invoices VALUES ($1, $2)", [2, "F-001"])
            Issue.record("a duplicate must fail")
        } catch let error as PostgresError {
            guard case .server(let server) = error else { Issue.record("expected a server error, got \(error)"); return }
            #expect(server.sqlState == SQLState.uniqueViolation)
            #expect(server.constraint == "invoices_number_key")
            #expect(server.table == "invoices")
            #expect(server.detail?.contains("F-001") == true)
            #expect(server.severity == "ERROR")
        }
        do {
            try await connection.query("INSERT INTO invoices (id) VALUES ($1)", [3])
            Issue.record("a NULL must fail")
        } catch let error as PostgresError {
            guard case .server(let server) = error else { Issue.record("expected a server error"); return }
            #expect(server.sqlState == SQLState.notNullViolation)
            #expect(server.column == "number")
        }
        do {
            try await connection.query("SELEKT 1")
        } catch let error as PostgresError {
            guard case .server(let server) = error else { Issue.record("expected a server error"); return }
            #expect(server.sqlState == "42601")
            #expect(server.position == 1)
        }
        // The connection is still usable after errors.
        #expect(try await connection.query("SELECT count(*) FROM invoices")[0].decode(Int.self, at: 0) == 1)
    }

    @Test func parametersAreNeverSplicedIntoSQL() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        try await connection.execute("CREATE TEMP TABLE notes (body text)")
        let hostile = "x'); DROP TABLE notes; --"
        try await connection.query("INSERT INTO notes VALUES ($1)", [hostile])
        #expect(try await connection.query("SELECT body FROM notes")[0].decode(String.self, at: 0) == hostile)
    }

    @Test func cancellingTheTaskCancelsTheQueryLongBeforeItWouldEnd() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let started = ContinuousClock.now
        let task = Task { try await connection.query("SELECT pg_sleep(10)") }
        // Wait until the server is really running the sleep, then cancel.
        let observer = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let pid = connection.backendPID
        #expect(try await TestDatabase.eventually {
            try await observer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%' AND state = 'active'", [Int(pid)])[0].decode(Int.self, at: 0) == 1
        })
        let cancelAt = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // The statement would run 10 s; the cancel ends it in milliseconds when the machine is
        // idle. The bound leaves room for a loaded CI machine (suites run in parallel).
        #expect(ContinuousClock.now - cancelAt < .seconds(3))
        #expect(ContinuousClock.now - started < .seconds(9))
        // Still usable afterwards.
        #expect(try await connection.query("SELECT 1")[0].decode(Int32.self, at: 0) == 1)
        await observer.close()
    }

    @Test func theCancelRequestIsSentFromADedicatedThread() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let id = connection.id
        let threads = Mutex<[String]>([])
        PostgresConnection.cancelObserver.withLock { observer in
            let previous = observer
            observer = { cancelled in
                previous?(cancelled)
                if cancelled == id {
                    let marker = Thread.current.threadDictionary[PostgresConnection.cancelThreadKey] as? Int
                    threads.withLock { $0.append(marker.map { "cancel thread of \($0)" } ?? "another thread") }
                }
            }
        }
        let task = Task { try await connection.query("SELECT pg_sleep(10)") }
        let observer = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let pid = connection.backendPID
        #expect(try await TestDatabase.eventually {
            try await observer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%' AND state = 'active'", [Int(pid)])[0].decode(Int.self, at: 0) == 1
        })
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(threads.withLock { $0 } == ["cancel thread of \(id)"], "PQcancel ran on its own thread, not a cooperative one")
        #expect(try await connection.query("SELECT 1")[0].decode(Int32.self, at: 0) == 1)
        await observer.close()
        await connection.close()
    }

    @Test func blockingCallsDoNotOccupyTheCooperativePool() async throws {
        // More concurrent server-side sleeps than this machine has cores: if they blocked
        // cooperative threads, the plain task below could not run until they finished.
        let connections = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresConnection.connect(configuration: TestDatabase.configuration()) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let finished = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask {
                    try await connection.query("SELECT pg_sleep(1.5)")
                    finished.add()
                }
            }
            group.addTask {
                await Task.yield()
                var total = 0
                for value in 0..<1000 { total &+= value }
                #expect(total == 499_500)
                #expect(finished.current == 0, "plain work had to wait for the database calls")
            }
            try await group.waitForAll()
        }
        for connection in connections { await connection.close() }
    }

    @Test func aSessionTheServerEndsIsNotReusableFromItsFatalMessageOn() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        #expect(connection.isReusable())
        try await TestDatabase.terminate([connection.backendPID])
        #expect(try await TestDatabase.eventually { !connection.isReusable() })
        // The FATAL reached the notice receiver: the pool needs no EOF to know.
        #expect(connection.fatalNotice.isRaised)
        await connection.close()
    }

    @Test func aScriptRunsSeveralStatementsInOneMessage() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        try await connection.execute("CREATE TEMP TABLE a (x int); INSERT INTO a VALUES (1), (2); INSERT INTO a VALUES (3)")
        #expect(try await connection.query("SELECT sum(x) FROM a")[0].decode(Int.self, at: 0) == 6)
        // A failing statement stops the script and reports its error.
        await #expect(throws: PostgresError.self) { try await connection.execute("INSERT INTO a VALUES (4); SELECT 1/0; INSERT INTO a VALUES (5)") }
        #expect(try await connection.query("SELECT count(*) FROM a")[0].decode(Int.self, at: 0) == 3)
    }
}
