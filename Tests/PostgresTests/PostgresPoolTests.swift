import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresPoolTests {
    @Test func fiftyTasksShareAPoolOfEight() async throws {
        let configuration = try TestDatabase.configuration(applicationName: "pool-of-eight")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 8, acquireTimeout: .seconds(30)))
        let peak = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<50 {
                group.addTask {
                    try await pool.withConnection { connection in
                        let rows = try await connection.query(
                            "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pool-of-eight'), pg_sleep(0.02)")
                        let open = try rows[0].decode(Int.self, at: 0)
                        peak.max(open)
                        let echoed = try await connection.query("SELECT $1::int8", [task])
                        #expect(try echoed[0].decode(Int.self, at: 0) == task)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.current <= 8)
        let statistics = pool.statistics
        #expect(statistics.inUse == 0)
        #expect(statistics.waiting == 0)
        #expect(statistics.idle <= 8)
        await pool.close()
    }

    @Test func aWaiterTimesOutWithAClearError() async throws {
        let pool = PostgresPool(connection: try TestDatabase.configuration(), configuration: .init(size: 1, acquireTimeout: .milliseconds(200)))
        let held = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                held.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in held.stream { break }
        do {
            try await pool.withConnection { _ in }
            Issue.record("the second borrower must time out")
        } catch let error as PostgresError {
            guard case .poolTimeout(_, let size) = error else { Issue.record("expected poolTimeout, got \(error)"); return }
            #expect(size == 1)
            #expect("\(error)".contains("pool of 1"))
        }
        #expect(pool.statistics.waiting == 0)
        release.continuation.yield()
        try await holder.value
        let one = try await pool.withConnection { connection in
            try await connection.query("SELECT 1")[0].decode(Int32.self, at: 0)
        }
        #expect(one == 1)
        await pool.close()
    }

    @Test func aKilledConnectionIsReplacedAndNeverHandedOutAgain() async throws {
        let configuration = try TestDatabase.configuration(applicationName: "pool-kill")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 2))
        let firstPID = try await pool.withConnection { $0.backendPID }
        #expect(try await TestDatabase.terminate([firstPID]))
        for _ in 0..<5 {
            let pid = try await pool.withConnection { connection in
                _ = try await connection.query("SELECT 1")
                return connection.backendPID
            }
            #expect(pid != firstPID)
        }
        await pool.close()
    }

    @Test func aBrokenConnectionIsDroppedOnReturn() async throws {
        let pool = PostgresPool(connection: try TestDatabase.configuration(), configuration: .init(size: 1))
        let killed = try await pool.withConnection { connection in
            try await TestDatabase.terminate([connection.backendPID])
            await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
            return connection.backendPID
        }
        let next = try await pool.withConnection { connection in
            _ = try await connection.query("SELECT 1")
            return connection.backendPID
        }
        #expect(next != killed)
        await pool.close()
    }

    @Test func theServerRestartsWhileThePoolIsInUse() async throws {
        let server = try ScratchServer.start()
        defer { server.destroy() }
        let pool = PostgresPool(connection: server.configuration, configuration: .init(size: 4, acquireTimeout: .seconds(5)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await pool.query("SELECT 1") } }
            try await group.waitForAll()
        }
        #expect(pool.statistics.idle >= 1)

        // A query in flight when the server stops fails cleanly.
        let inFlight = Task { try await pool.query("SELECT pg_sleep(30)") }
        #expect(try await TestDatabase.eventually { pool.statistics.inUse == 1 })
        try server.stopServer()
        await #expect(throws: PostgresError.self) { try await inFlight.value }
        // While it is down, requests fail with a connection error, not a hang.
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        try server.startServer()
        // Then every request succeeds again, without restarting anything here.
        for value in 0..<10 {
            let rows = try await pool.query("SELECT $1::int8", [value])
            #expect(try rows[0].decode(Int.self, at: 0) == value)
        }
        await pool.close()
    }

    @Test func aClosedPoolRefusesWork() async throws {
        let pool = PostgresPool(connection: try TestDatabase.configuration(), configuration: .init(size: 1))
        _ = try await pool.query("SELECT 1")
        await pool.close()
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
    }
}
