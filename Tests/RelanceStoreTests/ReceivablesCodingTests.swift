import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct ReceivablesCodingTests {
    @Test func calendarDatesAndCurrenciesRoundTripThroughPostgreSQL() async throws {
        try await TenancyFixture.with { fixture in
            let date = CalendarDate(year: 2024, month: 2, day: 29)!
            let rows = try await fixture.pool.query("SELECT \(date), \(date)::text, \(Currency.eur)::char(3), (\(date) + 1)::date")
            #expect(try rows[0].decode(CalendarDate.self, at: 0) == date)
            #expect(try rows[0].decode(String.self, at: 1) == "2024-02-29")
            #expect(try rows[0].decode(Currency.self, at: 2) == .eur)
            #expect(try rows[0].decode(CalendarDate.self, at: 3) == CalendarDate(year: 2024, month: 3, day: 1))
        }
    }

    @Test func aDateOrCurrencyTheDomainCannotHoldIsADecodingErrorNotAWrongValue() async throws {
        try await TenancyFixture.with { fixture in
            let rows = try await fixture.pool.query("SELECT '10000-01-01'::date, 'XYZ'::char(3), 'eur'::char(3)")
            #expect(throws: (any Error).self) { try rows[0].decode(CalendarDate.self, at: 0) }
            #expect(throws: (any Error).self) { try rows[0].decode(Currency.self, at: 1) }
            #expect(throws: (any Error).self) { try rows[0].decode(Currency.self, at: 2) }
        }
    }
}
