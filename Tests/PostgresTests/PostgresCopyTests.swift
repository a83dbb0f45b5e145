import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresCopyTests {
    @Test func copyLoadsRowsWithEscapesAndNulls() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE items (id int8, name text)")
        var rows: [[String?]] = (1...10_000).map { [String($0), "item \($0)"] }
        rows.append(["10001", "tab\there\nnewline\\backslash\rreturn"])
        rows.append(["10002", nil])
        let loaded = try await connection.copyFrom("COPY items (id, name) FROM STDIN", rows: rows)
        #expect(loaded == 10_002)
        let tricky = try await connection.query("SELECT name FROM items WHERE id = 10001")[0].decode(String.self, at: 0)
        #expect(tricky == "tab\there\nnewline\\backslash\rreturn")
        #expect(try await connection.query("SELECT name FROM items WHERE id = 10002")[0].decode(String?.self, at: 0) == nil)
        await connection.close()
    }

    @Test func aBadRowLoadsNothingAndLeavesTheConnectionUsable() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE items (id int8 NOT NULL)")
        await #expect(throws: PostgresError.self) {
            try await connection.copyFrom("COPY items (id) FROM STDIN", rows: [["1"], ["not a number"], ["3"]])
        }
        #expect(try await connection.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) == 0)
        await #expect(throws: PostgresError.self) { try await connection.copyFrom("SELECT 1", rows: [["1"]]) }
        #expect(try await connection.query("SELECT 1")[0].decode(Int32.self, at: 0) == 1)
        await connection.close()
    }
}
