import Testing
@testable import RelanceCore

@Suite struct PaymentTermsDueDateTests {
    @Test(arguments: [
        (Int?.some(30), Bool?.none, "2026-01-31", String?.some("2026-03-02")),
        (30, false, "2026-03-01", "2026-03-31"),
        (45, true, "2026-01-20", "2026-03-31"),
        (31, true, "2026-01-31", "2026-03-31"),
        (nil, true, "2026-02-10", "2026-02-28"),
        (nil, true, "2024-02-10", "2024-02-29"),
        (nil, true, "2026-12-31", "2026-12-31"),
        (0, nil, "2026-03-01", "2026-03-01"),
        (0, true, "2026-03-01", "2026-03-31"),
        (60, nil, "2026-03-01", "2026-04-30"),
        (30, true, "2026-01-30", "2026-03-31"),
        (30, true, "2024-01-30", "2024-02-29"),
        (365, nil, "2024-03-01", "2025-03-01"),
        (365, nil, "2023-03-01", "2024-02-29"),
        (30, nil, "9999-12-15", nil),
        (nil, true, "9999-12-15", "9999-12-31"),
        (nil, nil, "2026-03-01", nil),
        (nil, false, "2026-03-01", nil),
        (-1, nil, "2026-03-01", nil),
        (366, true, "2026-03-01", nil),
    ])
    func dueDateCountsNetDaysThenGoesToTheEndOfTheMonth(net: Int?, endOfMonth: Bool?, start: String, expected: String?) {
        #expect(PaymentTerms(net: net, endOfMonth: endOfMonth).dueDate(from: CalendarDate(start)!) == expected.map { CalendarDate($0)! })
    }
}

@Suite struct LegalPaymentTermTests {
    @Test(arguments: [
        // issued, 60 days, 45 days end of month → the later
        ("2026-04-01", "2026-05-31"),   // both 2026-05-31
        ("2026-01-15", "2026-03-31"),   // 2026-03-16 / 2026-03-31
        ("2026-01-01", "2026-03-02"),   // 2026-03-02 / 2026-02-28
        ("2026-03-20", "2026-05-31"),   // 2026-05-19 / 2026-05-31
        ("2024-01-01", "2024-03-01"),   // leap year: 2024-03-01 / 2024-02-29
        ("2024-12-31", "2025-03-01"),   // 2025-03-01 / 2025-02-28
        ("2026-02-28", "2026-04-30"),   // 2026-04-29 / 2026-04-30
        ("2026-07-17", "2026-09-15"),   // 2026-09-15 / 2026-08-31
        ("2026-04-16", "2026-06-15"),   // 2026-06-15 / 2026-05-31
        ("2026-04-17", "2026-06-30"),   // 2026-06-16 / 2026-06-30
        ("2026-12-15", "2027-02-13"),   // 2027-02-13 / 2027-01-31
        ("9999-12-31", "9999-12-31"),   // capped
        ("9999-11-10", "9999-12-31"),   // 60 days past the end, 45 days end of month is 9999-12-31
    ])
    func theLatestDueDateIsTheLaterOfSixtyDaysAndFortyFiveDaysEndOfMonth(issued: String, latest: String) {
        #expect(LegalPaymentTerm.latestDueDate(issuedOn: CalendarDate(issued)!) == CalendarDate(latest)!)
    }

    @Test(arguments: [
        ("2026-04-01", "2026-06-30",
         String?.some("due_date 2026-06-30 is beyond the French legal maximum (60 days after issue or 45 days end of month: 2026-05-31)")),
        ("2026-04-01", "2026-05-31", nil),
        ("2026-04-01", "2026-04-01", nil),
        ("2026-04-01", "2026-03-01", nil),
        ("2026-04-01", "2026-06-01",
         "due_date 2026-06-01 is beyond the French legal maximum (60 days after issue or 45 days end of month: 2026-05-31)"),
        ("2026-01-01", "2026-03-02", nil),
        ("2026-01-01", "2026-03-03",
         "due_date 2026-03-03 is beyond the French legal maximum (60 days after issue or 45 days end of month: 2026-03-02)"),
    ])
    func aDueDateBeyondTheLegalMaximumGetsAWarning(issued: String, due: String, warning: String?) {
        #expect(LegalPaymentTerm.warning(issuedOn: CalendarDate(issued)!, dueDate: CalendarDate(due)!) == warning)
    }
}
