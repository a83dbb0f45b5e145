import Postgres
import Testing

@Suite struct PostgresDateTests {
    @Test(arguments: [
        ("2000-01-01", Int32(0)), ("1999-12-31", -1), ("2000-03-01", 60), ("2024-02-29", 8825),
        ("1970-01-01", -10957), ("2100-02-28", 36583), ("0001-01-01", -730119),
    ])
    func daysSincePostgresEpoch(text: String, days: Int32) throws {
        let date = try #require(PostgresDate(iso8601: text))
        #expect(date.daysSince2000 == days, "\(text)")
        #expect(date.description == text)
        #expect(PostgresDate(daysSince2000: days) == date)
    }

    @Test(arguments: ["2023-02-29", "2100-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01", "2024-1-1", "", "2024-01-01x"])
    func impossibleDatesAreRejected(text: String) {
        #expect(PostgresDate(iso8601: text) == nil, "\(text)")
    }

    @Test func leapDaysExistOnlyInLeapYears() {
        #expect(PostgresDate(year: 2000, month: 2, day: 29) != nil)
        #expect(PostgresDate(year: 1900, month: 2, day: 29) == nil)
        #expect(PostgresDate(year: 2024, month: 2, day: 29) != nil)
    }
}
