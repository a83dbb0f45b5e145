import Foundation
@testable import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let id: Int64 = 42
        let name = "Robert'); DROP TABLE students;--"
        let missing: String? = nil
        let query: PostgresQuery = "SELECT * FROM t WHERE id = \(id) AND name = \(name) AND note IS NOT DISTINCT FROM \(missing)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND name = $2 AND note IS NOT DISTINCT FROM $3")
        #expect(query.bindings.count == 3)
        #expect(!query.sql.contains("DROP"))
    }

    @Test func identifiersAreQuotedAndFragmentsSaySo() {
        let schema = "t_a\"b"
        let columns = "id, name"
        let query: PostgresQuery = "SELECT \(unescaped: columns) FROM \(qualified: schema, "settings") WHERE x = \(Int32(1)) -- \(identifier: "r")"
        #expect(query.sql == #"SELECT id, name FROM "t_a""b"."settings" WHERE x = $1 -- "r""#)
        #expect(query.bindings.count == 1)
    }

    @Test func aQueryWithoutBindingsEmbedsInAnother() {
        let inner: PostgresQuery = "SELECT 1"
        let outer: PostgresQuery = "WITH one AS (\(inner)) SELECT * FROM one WHERE 1 = \(Int64(1))"
        #expect(outer.sql == "WITH one AS (SELECT 1) SELECT * FROM one WHERE 1 = $1")
    }

    @Test func positionalParametersAreKeptForStatementsWrittenWithPlaceholders() {
        let constant: PostgresQuery = "SELECT $1::int8 + $2::int8"
        #expect(constant.parameters(adding: [Int64(1), Int64(2)]).count == 2)
        let interpolated: PostgresQuery = "SELECT \(Int64(1))"
        #expect(interpolated.parameters(adding: []).count == 1)
    }

    @Test func spliceAttemptsReachTheServerAsValues() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let hostile = "x' OR '1'='1"
        let id: Int64 = 7
        let rows = try await connection.query("SELECT \(hostile)::text, \(id)::int8 + 1, \(Optional<String>.none)::text IS NULL")
        #expect(try rows[0].decode(String.self, at: 0) == hostile)
        #expect(try rows[0].decode(Int64.self, at: 1) == 8)
        #expect(try rows[0].decode(Bool.self, at: 2))
        let table = "odd \"name\""
        try await connection.execute("CREATE TEMP TABLE \(identifier: table) (v text)")
        try await connection.query("INSERT INTO \(identifier: table) VALUES (\(hostile))")
        #expect(try await connection.query("SELECT v FROM \(identifier: table)")[0].decode(String.self, at: 0) == hostile)
        let pipelined = try await connection.pipeline([PostgresStatement("SELECT \(id) * 2"), PostgresStatement("SELECT $1::int8 * 3", [id])])
        #expect(try pipelined[0][0].decode(Int64.self, at: 0) == 14)
        #expect(try pipelined[1][0].decode(Int64.self, at: 0) == 21)
        await connection.close()
    }
}
