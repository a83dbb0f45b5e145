import Foundation
import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresCodingTests {
    struct Document: Codable, Equatable, Sendable {
        var name: String
        var amounts: [Int]
    }

    @Test func valuesRoundTripThroughTheServerInBinaryFormat() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let id = UUID()
        let instant = Date(timeIntervalSince1970: 1_790_000_000.123456)
        let day = try #require(PostgresDate(year: 2024, month: 2, day: 29))
        let bytes = Data([0, 1, 2, 255, 0])
        let rows = try await connection.query(
            """
            SELECT $1::int2, $2::int4, $3::int8, $4::bool, $5::text, $6::uuid, $7::date, $8::timestamptz,
                   $9::bytea, $10::jsonb, $11::text[], $12::int8[], $13::int8, $14::text, $15::float8
            """,
            [Int16(-7), Int32(1_000_000), Int64.max, true, "héllo ✓", id, day, instant,
             bytes, PostgresJSON(Document(name: "a", amounts: [1, 2])), ["x", "y,z", ""], [Int64(1), -2, 3],
             Int?.none, String?.none, 0.25]
        )
        let row = try #require(rows.first)
        #expect(try row.decode(Int16.self, at: 0) == -7)
        #expect(try row.decode(Int32.self, at: 1) == 1_000_000)
        #expect(try row.decode(Int64.self, at: 2) == Int64.max)
        #expect(try row.decode(Bool.self, at: 3) == true)
        #expect(try row.decode(String.self, at: 4) == "héllo ✓")
        #expect(try row.decode(UUID.self, at: 5) == id)
        #expect(try row.decode(PostgresDate.self, at: 6) == day)
        let decodedInstant = try row.decode(Date.self, at: 7)
        #expect(abs(decodedInstant.timeIntervalSince(instant)) < 0.000_001)
        #expect(try row.decode(Data.self, at: 8) == bytes)
        #expect(try row.decode(PostgresJSON<Document>.self, at: 9).value == Document(name: "a", amounts: [1, 2]))
        #expect(try row.decode([String].self, at: 10) == ["x", "y,z", ""])
        #expect(try row.decode([Int64].self, at: 11) == [1, -2, 3])
        #expect(try row.decode(Int?.self, at: 12) == nil)
        #expect(try row.decode(String?.self, at: 13) == nil)
        #expect(try row.decode(Double.self, at: 14) == 0.25)
        #expect(try row.decode(Int.self, named: "int8") == Int(Int64.max))
    }

    @Test func integersWidenButNeverNarrow() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let row = try #require(try await connection.query("SELECT 5::int2 AS small, 70000::int4 AS medium, sum(x) AS total FROM unnest(ARRAY[1,2]::int8[]) x").first)
        #expect(try row.decode(Int64.self, at: 0) == 5)
        #expect(try row.decode(Int.self, at: 1) == 70000)
        #expect(try row.decode(Int64.self, named: "total") == 3)  // SUM(int8) is numeric
        #expect(throws: PostgresError.self) { try row.decode(Int16.self, at: 1) }
    }

    @Test func aDecodingMismatchNamesTheColumnAndBothTypes() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let row = try #require(try await connection.query("SELECT 42::int4 AS amount, NULL::text AS note").first)
        do {
            _ = try row.decode(String.self, at: 0)
            Issue.record("decoding int4 as String must fail")
        } catch {
            let text = "\(error)"
            #expect(text.contains("\"amount\""), "\(text)")
            #expect(text.contains("int4"), "\(text)")
            #expect(text.contains("String"), "\(text)")
        }
        do {
            _ = try row.decode(String.self, named: "note")
            Issue.record("decoding NULL as non-optional must fail")
        } catch {
            #expect("\(error)".contains("NULL"))
        }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, named: "missing") }
    }

    @Test func numericDecodesExactly() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let cases = ["0", "1", "-1", "12345678901234567890.123", "0.0001", "-0.50", "10000", "99999999.99990000"]
        for text in cases {
            let row = try #require(try await connection.query("SELECT $1::numeric, $1::numeric::text", [text]).first)
            #expect(try row.decode(String.self, at: 0) == row.decode(String.self, at: 1), "numeric \(text)")
        }
    }

    @Test func aOneMegabyteTextValueAndTenThousandRows() async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        defer { Task { await connection.close() } }
        let big = String(repeating: "relance-", count: 131_072)  // 1 MiB
        let echoed = try await connection.query("SELECT $1::text, length($1::text)", [big])
        #expect(try echoed[0].decode(String.self, at: 0) == big)
        #expect(try echoed[0].decode(Int.self, at: 1) == big.utf8.count)

        let rows = try await connection.query("SELECT g, 'row ' || g FROM generate_series(1, 10000) g")
        #expect(rows.count == 10_000)
        var sum = 0
        for row in rows { sum += try row.decode(Int.self, at: 0) }
        #expect(sum == 50_005_000)
        #expect(try rows[9_999].decode(String.self, at: 1) == "row 10000")
    }
}
