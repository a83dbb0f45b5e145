import RelanceCore
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        ("2026-02-28", true), ("2026-02-29", false), ("2024-02-29", true), ("2100-02-29", false), ("2000-02-29", true),
        ("2026-02-30", false), ("2026-04-31", false), ("2026-12-31", true), ("2026-13-01", false), ("2026-00-10", false),
        ("2026-01-00", false), ("0000-01-01", false), ("2026-1-01", false), ("2026-01-01T00:00:00Z", false),
        ("2026/01/01", false), ("２０２６-01-01", false), ("", false),
    ])
    func onlyDaysThatExistParse(text: String, valid: Bool) {
        #expect((CalendarDate(text) != nil) == valid, "\(text)")
        if valid { #expect(CalendarDate(text)?.description == text) }
    }

    @Test func datesOrderByDay() {
        #expect(CalendarDate("2026-01-31")! < CalendarDate("2026-02-01")!)
    }
}
