import Testing
@testable import RelanceCore

@Suite struct CalendarDateArithmeticTests {
    private static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test(arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("1970-01-02", 1), ("2000-03-01", 11_017), ("2024-02-29", 19_782),
        ("2026-03-01", 20_513), ("1900-03-01", -25_508), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896),
    ])
    func daysSinceEpochRoundTrips(text: String, days: Int) {
        #expect(Self.date(text).daysSinceEpoch == days)
        #expect(CalendarDate(daysSinceEpoch: days) == Self.date(text))
    }

    @Test(arguments: [-719_163, 2_932_897, Int.min, Int.max])
    func daysOutsideTheYears1To9999AreNoDate(days: Int) {
        #expect(CalendarDate(daysSinceEpoch: days) == nil)
    }

    @Test(arguments: [
        ("2024-02-28", 1, "2024-02-29"), ("2023-02-28", 1, "2023-03-01"), ("2100-02-28", 1, "2100-03-01"),
        ("2000-02-28", 1, "2000-02-29"), ("2026-12-31", 1, "2027-01-01"), ("2026-03-01", -1, "2026-02-28"),
        ("2024-03-01", -1, "2024-02-29"), ("2026-03-01", 60, "2026-04-30"), ("2026-01-31", 30, "2026-03-02"),
        ("2026-03-01", 0, "2026-03-01"), ("2026-03-01", 365, "2027-03-01"), ("2024-01-01", 366, "2025-01-01"),
        ("9999-12-30", 1, "9999-12-31"), ("0001-01-02", -1, "0001-01-01"),
    ])
    func addingDaysCrossesMonthsYearsAndLeapDays(start: String, days: Int, expected: String) {
        #expect(Self.date(start).adding(days: days) == Self.date(expected))
    }

    @Test(arguments: [("9999-12-31", 1), ("0001-01-01", -1), ("2026-03-01", Int.max), ("2026-03-01", Int.min),
                      ("2026-03-01", 3_000_000)])
    func addingPastTheRepresentableYearsIsNil(start: String, days: Int) {
        #expect(Self.date(start).adding(days: days) == nil)
    }

    @Test(arguments: [
        ("2024-02-10", "2024-02-29"), ("2023-02-01", "2023-02-28"), ("2100-02-15", "2100-02-28"), ("2000-02-15", "2000-02-29"),
        ("2026-04-30", "2026-04-30"), ("2026-04-01", "2026-04-30"), ("2026-12-01", "2026-12-31"), ("2026-01-31", "2026-01-31"),
        ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-31"),
    ])
    func theEndOfTheMonthIsItsLastDay(start: String, expected: String) {
        #expect(Self.date(start).endOfMonth == Self.date(expected))
    }

    @Test(arguments: [
        ("2026-03-11", "2026-03-01", 10), ("2026-03-01", "2026-03-11", -10), ("2026-03-01", "2026-03-01", 0),
        ("2024-03-01", "2024-02-28", 2), ("2023-03-01", "2023-02-28", 1), ("2027-01-01", "2026-01-01", 365),
        ("2025-01-01", "2024-01-01", 366), ("9999-12-31", "0001-01-01", 3_652_058),
    ])
    func daysSinceIsTheDifference(later: String, earlier: String, days: Int) {
        #expect(Self.date(later).days(since: Self.date(earlier)) == days)
    }
}
