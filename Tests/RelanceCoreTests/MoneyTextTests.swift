import Testing
@testable import RelanceCore

@Suite struct MoneyTextTests {
    @Test(arguments: [
        (Int64(123_456), "EUR", "fr", "1\u{202F}234,56\u{00A0}€"), (123_456, "EUR", "en", "€1,234.56"),
        (5, "EUR", "fr", "0,05\u{00A0}€"), (-100_000_000, "EUR", "en", "-€1,000,000.00"), (100, "JPY", "en", "¥100"),
        (1_234_567, "KWD", "fr", "1\u{202F}234,567\u{00A0}KWD"), (99_900, "CHF", "en", "CHF\u{00A0}999.00"), (0, "USD", "fr", "0,00\u{00A0}$"),
    ])
    func amountsReadAsPeopleWriteThem(minor: Int64, code: String, language: String, expected: String) {
        #expect(MoneyText.format(minor, Currency(code)!, language: language) == expected)
    }
}

@Suite struct DateTextTests {
    @Test(arguments: [
        ("2026-01-15", "fr", "15 janvier 2026"), ("2026-01-15", "en", "15 January 2026"), ("2026-08-01", "fr", "1er août 2026"),
        ("2024-02-29", "en", "29 February 2024"), ("2026-12-31", "fr", "31 décembre 2026"),
    ])
    func datesReadAsPeopleWriteThem(date: String, language: String, expected: String) {
        #expect(DateText.format(CalendarDate(date)!, language: language) == expected)
    }
}
