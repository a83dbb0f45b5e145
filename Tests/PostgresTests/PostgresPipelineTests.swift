import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresPipelineTests {
    @Test func statementsRunInOrderInOneRoundTrip() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE t (x int8)")
        let results = try await connection.pipeline([
            PostgresStatement("BEGIN"),
            PostgresStatement("SELECT set_config('application_name', $1, true)", ["pipelined"]),
            PostgresStatement("INSERT INTO t VALUES ($1), ($2)", [1, 2]),
            PostgresStatement("SELECT sum(x)::int8, current_setting('application_name') FROM t"),
            PostgresStatement("COMMIT"),
        ])
        #expect(results.count == 5)
        #expect(results[2].affectedRows == 2)
        #expect(try results[3][0].decode(Int.self, at: 0) == 3)
        #expect(try results[3][0].decode(String.self, at: 1) == "pipelined")
        await connection.close()
    }

    @Test func withoutBeginTheStatementsAreOneImplicitTransaction() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE t (x int8)")
        await #expect(throws: PostgresError.self) {
            try await connection.pipeline([
                PostgresStatement("INSERT INTO t VALUES ($1)", [1]),
                PostgresStatement("SELECT 1/0"),
            ])
        }
        #expect(try await connection.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0, "the insert was rolled back")
        let results = try await connection.pipeline([
            PostgresStatement("INSERT INTO t VALUES ($1)", [2]),
            PostgresStatement("SELECT txid_current()::int8"),
            PostgresStatement("SELECT txid_current()::int8"),
        ])
        #expect(try results[1][0].decode(Int64.self, at: 0) == results[2][0].decode(Int64.self, at: 0), "one transaction")
        #expect(try await connection.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 1)
        await connection.close()
    }

    @Test func aFailingStatementSkipsTheRest() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE t (x int8)")
        await #expect(throws: PostgresError.self) {
            try await connection.pipeline([
                PostgresStatement("BEGIN"),
                PostgresStatement("INSERT INTO t VALUES ($1)", [1]),
                PostgresStatement("SELECT 1/0"),
                PostgresStatement("INSERT INTO t VALUES ($1)", [2]),
                PostgresStatement("COMMIT"),
            ])
        }
        #expect(try await connection.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
        #expect(connection.isReusable())
        await connection.close()
    }
}
