import Testing
@testable import RelanceCore

@Suite struct LateChargesTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
    /// The ECB rates these rows need (the shipped history is in sql/control).
    static let rates = [
        ReferenceRate(kind: .ecbMainRefinancing, effectiveOn: date("2016-03-16"), basisPoints: 0),
        ReferenceRate(kind: .ecbMainRefinancing, effectiveOn: date("2023-09-20"), basisPoints: 450),
        ReferenceRate(kind: .ecbMainRefinancing, effectiveOn: date("2024-06-12"), basisPoints: 425),
        ReferenceRate(kind: .ecbMainRefinancing, effectiveOn: date("2024-12-18"), basisPoints: 315),
        ReferenceRate(kind: .ecbMainRefinancing, effectiveOn: date("2025-06-11"), basisPoints: 215),
        ReferenceRate(kind: .frenchLegal, effectiveOn: date("2025-01-01"), basisPoints: 371),
        ReferenceRate(kind: .frenchLegal, effectiveOn: date("2025-07-01"), basisPoints: 276),
    ]
    static let euro = Currency("EUR")!

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var overdue: Int64
        var due: String
        var settlements: [(String, Int64)] = []
        var asOf: String
        var rule: LateInterestRule = .frenchCommercial
        var claimed = true
        var currency = "EUR"
        /// from, to, rate, days, base, amount
        var periods: [(String, String, Int, Int, Int64, Int64)]
        var interest: Int64
        var indemnity: Int64
        var daysLate: Int
        var testDescription: String { name }
    }

    @Test(arguments: [
        Row(name: "€10,000.00 due 2025-09-30 paid 2025-11-14 at 2.15 % + 10 → €149.79 and €40.00",
            overdue: 1_000_000, due: "2025-09-30", settlements: [("2025-11-14", 1_000_000)], asOf: "2025-12-31",
            periods: [("2025-10-01", "2025-11-14", 1215, 45, 1_000_000, 14_979)], interest: 14_979, indemnity: 4_000, daysLate: 45),
        Row(name: "€5,000.00 due 2025-06-15 paid 2025-07-15 across the half-year change → €51.99",
            overdue: 500_000, due: "2025-06-15", settlements: [("2025-07-15", 500_000)], asOf: "2025-07-31", claimed: false,
            periods: [("2025-06-16", "2025-06-30", 1315, 15, 500_000, 2_702), ("2025-07-01", "2025-07-15", 1215, 15, 500_000, 2_497)],
            interest: 5_199, indemnity: 0, daysLate: 30),
        Row(name: "the same at the EU statutory rate (+ 8 points)",
            overdue: 1_000_000, due: "2025-09-30", settlements: [("2025-11-14", 1_000_000)], asOf: "2025-11-14", rule: .euStatutory,
            periods: [("2025-10-01", "2025-11-14", 1015, 45, 1_000_000, 12_514)], interest: 12_514, indemnity: 4_000, daysLate: 45),
        Row(name: "a partial payment mid-period lowers the base from the day after",
            overdue: 1_000_000, due: "2025-09-30", settlements: [("2025-10-15", 400_000), ("2025-11-14", 600_000)], asOf: "2025-12-01",
            periods: [("2025-10-01", "2025-10-15", 1215, 15, 1_000_000, 4_993), ("2025-10-16", "2025-11-14", 1215, 30, 600_000, 5_992)],
            interest: 10_985, indemnity: 4_000, daysLate: 45),
        Row(name: "still unpaid: interest runs to as_of, included",
            overdue: 1_000_000, due: "2025-09-30", asOf: "2025-10-10", claimed: false,
            periods: [("2025-10-01", "2025-10-10", 1215, 10, 1_000_000, 3_329)], interest: 3_329, indemnity: 0, daysLate: 10),
        Row(name: "a leap day counts as a day of a 365-day year",
            overdue: 365_000, due: "2024-02-28", asOf: "2024-03-01", rule: .contractual(basisPoints: 1_000), claimed: false,
            periods: [("2024-02-29", "2024-03-01", 1000, 2, 365_000, 200)], interest: 200, indemnity: 0, daysLate: 2),
        Row(name: "across the new year: 4.25 % + 10 in 2024's second half, 3.15 % + 10 in 2025's first",
            overdue: 100_000, due: "2024-12-20", asOf: "2025-01-10", claimed: false,
            periods: [("2024-12-21", "2024-12-31", 1425, 11, 100_000, 429), ("2025-01-01", "2025-01-10", 1315, 10, 100_000, 360)],
            interest: 789, indemnity: 0, daysLate: 21),
        Row(name: "a reversed payment starts interest again the day after the reversal",
            overdue: 1_000_000, due: "2025-09-30", settlements: [("2025-10-05", 1_000_000), ("2025-10-20", -1_000_000)], asOf: "2025-10-24",
            claimed: false,
            periods: [("2025-10-01", "2025-10-05", 1215, 5, 1_000_000, 1_664), ("2025-10-21", "2025-10-24", 1215, 4, 1_000_000, 1_332)],
            interest: 2_996, indemnity: 0, daysLate: 24),
        Row(name: "a sum paid on the due date is not late", overdue: 1_000_000, due: "2025-09-30",
            settlements: [("2025-09-30", 1_000_000)], asOf: "2025-10-31", periods: [], interest: 0, indemnity: 0, daysLate: 0),
        Row(name: "zero overdue: nothing, not even the indemnity", overdue: 0, due: "2025-09-30", asOf: "2025-10-31",
            periods: [], interest: 0, indemnity: 0, daysLate: 0),
        Row(name: "a negative balance (overpaid): nothing", overdue: -5_000, due: "2025-09-30", asOf: "2025-10-31",
            periods: [], interest: 0, indemnity: 0, daysLate: 0),
        Row(name: "as of the due date: nothing yet", overdue: 1_000_000, due: "2025-09-30", asOf: "2025-09-30",
            periods: [], interest: 0, indemnity: 0, daysLate: 0),
        Row(name: "as of a day before the due date: nothing", overdue: 1_000_000, due: "2025-09-30", asOf: "2025-09-01",
            periods: [], interest: 0, indemnity: 0, daysLate: 0),
        Row(name: "the indemnity is in euros: none on a dollar invoice", overdue: 1_000_000, due: "2025-09-30", asOf: "2025-10-01",
            currency: "USD", periods: [("2025-10-01", "2025-10-01", 1215, 1, 1_000_000, 333)], interest: 333, indemnity: 0, daysLate: 1),
        Row(name: "a zero reference rate plus 10 points (2021)", overdue: 1_000_000, due: "2021-03-31",
            settlements: [("2021-04-30", 1_000_000)], asOf: "2021-05-01", claimed: false,
            periods: [("2021-04-01", "2021-04-30", 1000, 30, 1_000_000, 8_219)], interest: 8_219, indemnity: 0, daysLate: 30),
    ])
    func chargesFollowTheRules(row: Row) throws {
        let charges = try LateCharges(overdue: row.overdue, dueDate: Self.date(row.due),
                                      settlements: row.settlements.map { (on: Self.date($0.0), amount: $0.1) },
                                      asOf: Self.date(row.asOf), rule: row.rule, rates: Self.rates,
                                      indemnityClaimed: row.claimed, currency: Currency(row.currency)!)
        #expect(charges.periods == row.periods.map {
            LateChargePeriod(from: Self.date($0.0), to: Self.date($0.1), rateBasisPoints: $0.2, days: $0.3, base: $0.4, amount: $0.5)
        })
        #expect(charges.interest == row.interest)
        #expect(charges.indemnity == row.indemnity)
        #expect(charges.daysLate == row.daysLate)
        #expect(charges.interest == charges.periods.reduce(0) { $0 + $1.amount })
    }

    @Test func aHalfYearWithoutAReferenceRateIsAnError() {
        #expect(throws: LateChargesError.missingReferenceRate(halfYearStart: Self.date("2015-07-01"))) {
            try LateCharges(overdue: 100, dueDate: Self.date("2015-09-30"), asOf: Self.date("2015-10-31"), rule: .frenchCommercial,
                            rates: Self.rates, indemnityClaimed: false, currency: Self.euro)
        }
    }

    @Test func theRateOfAHalfYearIsTheOneInForceOnItsFirstDay() {
        // 2024-06-12 moved the rate to 4.25 %: the first half of 2024 keeps 4.50 % (in force on 1 January).
        #expect(LateInterestRule.frenchCommercial.basisPoints(halfYearStart: Self.date("2024-01-01"), rates: Self.rates) == 1_450)
        #expect(LateInterestRule.frenchCommercial.basisPoints(halfYearStart: Self.date("2024-07-01"), rates: Self.rates) == 1_425)
        #expect(LateInterestRule.euStatutory.basisPoints(halfYearStart: Self.date("2025-07-01"), rates: Self.rates) == 1_015)
        #expect(LateInterestRule.contractual(basisPoints: 1_200).basisPoints(halfYearStart: Self.date("1999-01-01"), rates: []) == 1_200)
    }

    @Test(arguments: [
        (1_200, "2025-09-01", String?.none), (828, "2025-09-01", nil),
        (827, "2025-09-01", "rate must be at least 3 × the French legal rate (8.28 % since 2025-07-01)"),
        (1_112, "2025-03-01", "rate must be at least 3 × the French legal rate (11.13 % since 2025-01-01)"),
        (1, "2024-12-31", nil), (0, "2025-09-01", "rate must be 0.01 to 100 percent"),
        (10_001, "2025-09-01", "rate must be 0.01 to 100 percent"),
    ])
    func aContractualRateIsNotBelowThreeTimesTheLegalRate(basisPoints: Int, day: String, problem: String?) {
        #expect(LateInterestRule.contractual(basisPoints: basisPoints).problem(on: Self.date(day), rates: Self.rates) == problem)
        #expect(LateInterestRule.frenchCommercial.problem(on: Self.date(day), rates: Self.rates) == nil)
    }
}
