import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresTransactionTests {
    struct Boom: Error {}

    func setUp() async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE ledger (amount_cents int8 NOT NULL)")
        return connection
    }

    func total(_ connection: PostgresConnection) async throws -> Int {
        try await connection.query("SELECT coalesce(sum(amount_cents), 0)::int8 FROM ledger")[0].decode(Int.self, at: 0)
    }

    @Test func commitsWhenTheBodyReturns() async throws {
        let connection = try await setUp()
        let value = try await connection.withTransaction { tx in
            try await tx.query("INSERT INTO ledger VALUES ($1)", [1500])
            return "done"
        }
        #expect(value == "done")
        #expect(try await total(connection) == 1500)
        await connection.close()
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        let connection = try await setUp()
        await #expect(throws: Boom.self) {
            try await connection.withTransaction { tx in
                try await tx.query("INSERT INTO ledger VALUES ($1)", [1500])
                throw Boom()
            }
        }
        #expect(try await total(connection) == 0)
        #expect(connection.isReusable())
        await connection.close()
    }

    @Test func rollsBackWhenTheTaskIsCancelled() async throws {
        let connection = try await setUp()
        let inserted = AsyncStream<Void>.makeStream()
        let task = Task {
            try await connection.withTransaction { tx in
                try await tx.query("INSERT INTO ledger VALUES ($1)", [1500])
                inserted.continuation.yield()
                try await tx.query("SELECT pg_sleep(10)")
            }
        }
        for await _ in inserted.stream { break }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await total(connection) == 0)
        #expect(connection.isReusable())
        await connection.close()
    }

    @Test(arguments: [
        (PostgresIsolationLevel.readCommitted, "read committed"),
        (.repeatableRead, "repeatable read"),
        (.serializable, "serializable"),
    ])
    func theIsolationLevelIsSelectable(level: PostgresIsolationLevel, shown: String) async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let setting = try await connection.withTransaction(isolation: level) { tx in
            try await tx.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
        }
        #expect(setting == shown)
        await connection.close()
    }

    @Test func thePrologueAppliesOnlyInsideTheTransaction() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let inside = try await connection.withTransaction(prologue: "SET LOCAL search_path = pg_catalog; SET LOCAL application_name = 'tenant-x'") { tx in
            try await tx.query("SELECT current_setting('search_path'), current_setting('application_name')")
        }
        #expect(try inside[0].decode(String.self, at: 0) == "pg_catalog")
        #expect(try inside[0].decode(String.self, at: 1) == "tenant-x")
        let after = try await connection.query("SELECT current_setting('application_name')")
        #expect(try after[0].decode(String.self, at: 0) != "tenant-x")
        // A failing prologue leaves no transaction open.
        await #expect(throws: PostgresError.self) {
            try await connection.withTransaction(prologue: "SET LOCAL ROLE no_such_role_anywhere") { _ in }
        }
        #expect(connection.isReusable())
        await connection.close()
    }

    @Test func beginAndThePrologueTravelAsOneMessage() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let observer = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let pid = connection.backendPID
        let lastMessage = try await connection.withTransaction(prologue: "SET LOCAL application_name = 'one-trip'") { _ in
            // Nothing else was sent yet: the server's record of this session's last message
            // is the whole BEGIN + prologue, so it took one round trip.
            try await observer.query("SELECT query FROM pg_stat_activity WHERE pid = $1", [Int32(pid)])[0].decode(String.self, at: 0)
        }
        #expect(lastMessage == "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL application_name = 'one-trip'")
        await connection.close()
        await observer.close()
    }

    @Test func aSerializationFailureAtCommitIsReported() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let a = try await PostgresConnection.connect(configuration: configuration)
            let b = try await PostgresConnection.connect(configuration: configuration)
            try await a.execute("CREATE TABLE counters (id int PRIMARY KEY, n int); INSERT INTO counters VALUES (1, 0), (2, 0)")
            await #expect(throws: PostgresError.self) {
                try await a.withTransaction(isolation: .serializable) { ta in
                    _ = try await ta.query("SELECT sum(n) FROM counters")
                    try await b.withTransaction(isolation: .serializable) { tb in
                        _ = try await tb.query("SELECT sum(n) FROM counters")
                        try await tb.query("UPDATE counters SET n = n + 1 WHERE id = 2")
                    }
                    try await ta.query("UPDATE counters SET n = n + 1 WHERE id = 1")
                }
            }
            #expect(try await a.query("SELECT sum(n) FROM counters")[0].decode(Int.self, at: 0) == 1)
            await a.close()
            await b.close()
        }
    }
}
