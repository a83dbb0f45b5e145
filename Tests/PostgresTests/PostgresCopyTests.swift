import Postgres
import Synchronization
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

    struct Refused: Error, Equatable {}

    @Test func copyToStreamsWholeRowsInChunksAndMatchesTheWholeOutput() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        try await connection.execute("CREATE TEMP TABLE items AS SELECT g AS id, repeat('v', g % 50) || E'\\n,\"' AS name FROM generate_series(1, 10000) g")
        let statement: PostgresQuery = "COPY items TO STDOUT WITH (FORMAT csv, HEADER)"
        let whole = try await connection.copyTo(statement)
        let chunks = Mutex<[[UInt8]]>([])
        let rows = try await connection.copyTo(statement, chunkSize: 1024) { chunk in chunks.withLock { $0.append(Array(chunk)) } }
        let received = chunks.withLock { $0 }
        #expect(rows == 10_000)
        #expect(received.count > 100)
        #expect(received.flatMap { $0 } == whole)
        for chunk in received.dropLast() {
            #expect(chunk.count >= 1024 && chunk.count < 1024 + 100, "a chunk of \(chunk.count) bytes")
            #expect(chunk.last == UInt8(ascii: "\n"), "chunks end on a row boundary")
        }
        await connection.close()
    }

    @Test func aFailingConsumerStopsTheCopyWithItsErrorAndLeavesTheConnectionUsable() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        let calls = Mutex(0)
        await #expect(throws: Refused.self) {
            try await connection.copyTo("COPY (SELECT g, md5(g::text) FROM generate_series(1, 2000000) g) TO STDOUT", chunkSize: 4096) { _ in
                let call = calls.withLock { $0 += 1; return $0 }
                if call == 2 { throw Refused() }
            }
        }
        #expect(calls.withLock { $0 } == 2, "no chunk is handed after the consumer failed")
        #expect(try await connection.query("SELECT 1")[0].decode(Int32.self, at: 0) == 1)
        await #expect(throws: PostgresError.self) { try await connection.copyTo("SELECT 1") { _ in } }
        await connection.close()
    }
}
