import Postgres
import RelanceTestSupport
import Testing

@Suite struct StatementCacheTests {
    func preparedCount(_ connection: PostgresConnection) async throws -> Int {
        // Counted with the cache's help: this statement is itself prepared on first use.
        try await connection.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0)
    }

    @Test func repeatedStatementsArePreparedOnce() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        for value in 0..<20 {
            #expect(try await connection.query("SELECT $1::int8 + 1", [value])[0].decode(Int.self, at: 0) == value + 1)
        }
        #expect(try await preparedCount(connection) == 2)
        await connection.close()
    }

    @Test func theLeastRecentlyUsedStatementIsDeallocatedAtCapacity() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.statementCacheCapacity = 3
        let connection = try await PostgresConnection.connect(configuration: configuration)
        for value in 0..<10 {
            _ = try await connection.query("SELECT \(unescaped: String(value))::int8 + $1::int8", [value])
        }
        #expect(try await preparedCount(connection) <= 3)
        await connection.close()
    }

    @Test func aTableChangeUnderAPreparedStatementIsHandled() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE shapes (id int8)")
        try await connection.query("INSERT INTO shapes VALUES ($1)", [1])
        #expect(try await connection.query("SELECT * FROM shapes").columns.count == 1)
        try await connection.execute("ALTER TABLE shapes ADD COLUMN name text")
        let rows = try await connection.query("SELECT * FROM shapes")
        #expect(rows.columns.map(\.name) == ["id", "name"])
        await connection.close()
    }

    @Test func aTableChangeUnderAPreparedPipelineIsHandled() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE shapes (id int8)")
        let statements = [PostgresStatement("INSERT INTO shapes VALUES ($1)", [1]), PostgresStatement("SELECT * FROM shapes")]
        #expect(try await connection.pipeline(statements)[1].columns.count == 1)
        try await connection.execute("ALTER TABLE shapes ADD COLUMN name text")
        // Outside a transaction block: prepared afresh and sent again, the insert made once.
        let again = try await connection.pipeline(statements)
        #expect(again[1].columns.map(\.name) == ["id", "name"])
        #expect(again[1].count == 2)
        // Inside one: the block is aborted, so the error is the caller's; the next use works.
        try await connection.execute("ALTER TABLE shapes ADD COLUMN size int4")
        try await connection.execute("BEGIN")
        await #expect(throws: PostgresError.self) { try await connection.pipeline(statements) }
        try await connection.execute("ROLLBACK")
        #expect(try await connection.pipeline(statements)[1].columns.count == 3)
        await connection.close()
    }

    @Test func capacityZeroPreparesNothing() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.statementCacheCapacity = 0
        let connection = try await PostgresConnection.connect(configuration: configuration)
        for value in 0..<5 { _ = try await connection.query("SELECT $1::int8", [value]) }
        #expect(try await preparedCount(connection) == 0)
        await connection.close()
    }

    @Test func aFailedPrepareIsNotCached() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        await #expect(throws: PostgresError.self) { try await connection.query("SELECT * FROM not_there_yet") }
        try await connection.execute("CREATE TEMP TABLE not_there_yet (x int8)")
        #expect(try await connection.query("SELECT * FROM not_there_yet").isEmpty)
        await connection.close()
    }
}
