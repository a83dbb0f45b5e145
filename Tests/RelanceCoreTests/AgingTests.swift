import Testing
@testable import RelanceCore

@Suite struct AgingTests {
    @Test(arguments: [
        ("2026-03-31", "2026-03-31", AgingBucket.current), ("2026-03-31", "2026-03-01", .current), ("2026-03-31", "2026-04-01", .days1To30),
        ("2026-03-31", "2026-04-30", .days1To30), ("2026-03-31", "2026-05-01", .days31To60), ("2026-03-31", "2026-05-30", .days31To60),
        ("2026-03-31", "2026-05-31", .days61To90), ("2026-03-31", "2026-06-29", .days61To90), ("2026-03-31", "2026-06-30", .over90),
        ("2026-03-31", "2030-01-01", .over90),
        ("2024-02-28", "2024-03-29", .days1To30),  // 30 days across a leap day
        ("2024-02-28", "2024-03-30", .days31To60), // 31
        ("2023-02-28", "2023-03-30", .days1To30),  // 30 without one
        ("2026-12-31", "2027-01-01", .days1To30),
        ("0001-01-01", "9999-12-31", .over90), ("9999-12-31", "0001-01-01", .current),
    ])
    func bucketsByDaysPastDue(due: String, asOf: String, bucket: AgingBucket) {
        #expect(AgingBucket.of(dueDate: CalendarDate(due)!, asOf: CalendarDate(asOf)!) == bucket)
    }

    @Test func bucketsHaveTheAPINames() {
        #expect(AgingBucket.allCases.map(\.rawValue) == ["current", "1_30", "31_60", "61_90", "over_90"])
    }

    @Test func sumsTheAmountsDuePerBucket() {
        let asOf = CalendarDate("2026-06-30")!
        let items: [(dueDate: CalendarDate, amountDue: Int64)] = [
            (CalendarDate("2026-07-15")!, 1_000), (CalendarDate("2026-06-30")!, 500),   // current
            (CalendarDate("2026-06-29")!, 200), (CalendarDate("2026-05-31")!, 300),     // 1 and 30 days
            (CalendarDate("2026-05-30")!, 40),                                         // 31
            (CalendarDate("2026-04-01")!, 7), (CalendarDate("2026-04-02")!, 3),         // 90 and 89
            (CalendarDate("2026-03-31")!, 90_000), (CalendarDate("2020-01-01")!, 1),    // 91 and more
            (CalendarDate("2026-06-01")!, 0), (CalendarDate("2026-06-01")!, -50),       // zero and a negative balance
        ]
        let aging = Aging(items: items, asOf: asOf)
        #expect((aging.current, aging.days1To30, aging.days31To60, aging.days61To90, aging.over90) == (1_500, 450, 40, 10, 90_001))
        #expect(aging.total == 92_001)
        #expect(AgingBucket.allCases.map { aging[$0] }.reduce(0, +) == aging.total)
        #expect(Aging(items: [], asOf: asOf).total == 0)
    }
}
