import Testing
@testable import RelanceCore

private func line(_ quantity: String, _ unitPrice: Int64, _ discount: String? = nil, _ rate: Int = 2000) -> InvoiceLineInput {
    InvoiceLineInput(quantity: ScaledDecimal(quantity)!, unitPrice: unitPrice, discountPercent: discount.map { ScaledDecimal($0)! },
                     taxRate: rate)
}

private func totals(_ lineTotals: [Int64], _ taxes: [(Int, Int64, Int64)], _ subtotal: Int64, _ taxTotal: Int64,
                    _ total: Int64) -> InvoiceTotals {
    InvoiceTotals(lineTotals: lineTotals, taxes: taxes.map { TaxAmount(rate: $0.0, base: $0.1, amount: $0.2) },
                  subtotal: subtotal, taxTotal: taxTotal, total: total)
}

@Suite struct InvoiceTotalsTests {
    @Test(arguments: [
        // one line, 20 %
        ([line("1", 10_000)], totals([10_000], [(2000, 10_000, 2_000)], 10_000, 2_000, 12_000)),
        // 3 × 33.33 = 99.99; tax 19.998 → 20.00
        ([line("3", 3_333)], totals([9_999], [(2000, 9_999, 2_000)], 9_999, 2_000, 11_999)),
        // exactly .5 of a cent rounds up, once per line
        ([line("0.5", 1, nil, 0)], totals([1], [(0, 1, 0)], 1, 0, 1)),
        ([line("1.5", 3, nil, 0)], totals([5], [(0, 5, 0)], 5, 0, 5)),
        ([line("0.001", 499, nil, 0)], totals([0], [(0, 0, 0)], 0, 0, 0)),
        ([line("0.001", 500, nil, 0)], totals([1], [(0, 1, 0)], 1, 0, 1)),
        // discount: 12.5 % of 100.00
        ([line("1", 10_000, "12.5")], totals([8_750], [(2000, 8_750, 1_750)], 8_750, 1_750, 10_500)),
        // 2.333 × 19.99 × 0.925 = 43.1389… → 43.14; 5.5 % → 2.3727 → 2.37
        ([line("2.333", 1_999, "7.5", 550)], totals([4_314], [(550, 4_314, 237)], 4_314, 237, 4_551)),
        // 7.25 × 12.34 × 0.8766 = 78.4263… → 78.43; 20 % → 15.686 → 15.69
        ([line("7.25", 1_234, "12.34", 2000)], totals([7_843], [(2000, 7_843, 1_569)], 7_843, 1_569, 9_412)),
        // 1.00 less 33.3333 % = 0.666667 → 0.67 (one rounding, not per factor)
        ([line("1", 100, "33.3333")], totals([67], [(2000, 67, 13)], 67, 13, 80)),
        // 100 % discount, a zero price, a zero quantity
        ([line("5", 10_000, "100")], totals([0], [(2000, 0, 0)], 0, 0, 0)),
        ([line("5", 0)], totals([0], [(2000, 0, 0)], 0, 0, 0)),
        ([line("0", 10_000)], totals([0], [(2000, 0, 0)], 0, 0, 0)),
        // tax rounds once per rate: 3 × 0.05 at 10 % is 0.015 → 0.02 (per line it would be 0.03)
        ([line("1", 5, nil, 1000), line("1", 5, nil, 1000), line("1", 5, nil, 1000)],
         totals([5, 5, 5], [(1000, 15, 2)], 15, 2, 17)),
        // rates ascending whatever the line order, a 0 % rate listed too
        ([line("1", 10_000, nil, 2000), line("2", 1_000, nil, 550), line("1", 999, nil, 0), line("1", 5_000, nil, 2000)],
         totals([10_000, 2_000, 999, 5_000], [(0, 999, 0), (550, 2_000, 110), (2000, 15_000, 3_000)], 17_999, 3_110, 21_109)),
        // exact .5 on the tax: 0.05 at 10 % = 0.005 → 0.01; 0.25 at 20 % = 0.05 exactly
        ([line("1", 5, nil, 1000)], totals([5], [(1000, 5, 1)], 5, 1, 6)),
        ([line("1", 25)], totals([25], [(2000, 25, 5)], 25, 5, 30)),
        // 100 % tax rate
        ([line("1", 123, nil, 10_000)], totals([123], [(10_000, 123, 123)], 123, 123, 246)),
        // negative (not allowed by LineRule, but the rounding is symmetric): −0.5 → −1
        ([line("-0.5", 1, nil, 1000)], totals([-1], [(1000, -1, 0)], -1, 0, -1)),
        ([line("-1", 5, nil, 1000)], totals([-5], [(1000, -5, -1)], -5, -1, -6)),
        // the largest line at 0 % that fits: 922 337 × 10^13
        ([line("922337", 10_000_000_000_000, nil, 0)],
         totals([9_223_370_000_000_000_000], [(0, 9_223_370_000_000_000_000, 0)], 9_223_370_000_000_000_000, 0,
                9_223_370_000_000_000_000)),
        // no lines at all
        ([], totals([], [], 0, 0, 0)),
    ] as [([InvoiceLineInput], InvoiceTotals)])
    func totalsRoundOncePerLineAndOncePerRate(lines: [InvoiceLineInput], expected: InvoiceTotals) throws {
        #expect(try InvoiceTotals.compute(lines) == expected)
    }

    @Test(arguments: [
        // the LineRule maxima: 10^9 × 10^13 = 10^22 does not fit Int64
        ([line("1000000000", 10_000_000_000_000)], InvoiceTotalsError.overflow(line: 0)),
        ([line("1", 100), line("1000000000.999", 10_000_000_000_000, "0.0001")], .overflow(line: 1)),
        // beyond 128 bits before rounding
        ([line("9223372036854775807", Int64.max, "0.0001")], .overflow(line: 0)),
        // lines fit, their sum does not
        ([line("1", 5_000_000_000_000_000_000, nil, 0), line("1", 5_000_000_000_000_000_000, nil, 0)], .overflow(line: nil)),
        // line fits, its tax does not fit with it in the total
        ([line("922337", 10_000_000_000_000, nil, 2000)], .overflow(line: nil)),
    ] as [([InvoiceLineInput], InvoiceTotalsError)])
    func amountsBeyondSixtyFourBitsThrow(lines: [InvoiceLineInput], error: InvoiceTotalsError) {
        #expect(throws: error) { try InvoiceTotals.compute(lines) }
    }

    @Test(arguments: [
        (Int128(5), Int128(10), Int128(1)), (4, 10, 0), (-5, 10, -1), (-4, 10, 0), (15, 10, 2), (-15, 10, -2),
        (25, 10, 3), (0, 7, 0), (1, 3, 0), (2, 3, 1), (-2, 3, -1), (99_999, 100_000, 1), (49_999, 100_000, 0),
        (50_000, 100_000, 1),
    ])
    func halfUpIsAwayFromZeroAtExactlyHalf(numerator: Int128, denominator: Int128, expected: Int128) {
        #expect(InvoiceTotals.roundHalfUp(numerator, dividedBy: denominator) == expected)
    }
}

@Suite struct LineRuleTests {
    @Test(arguments: [
        ("1", String?.none), ("0.001", nil), ("1.5", nil), ("1.5000", nil), ("1000000000", nil), ("999999999.999", nil),
        ("0", "must be greater than 0"), ("-1", "must be greater than 0"), ("0.000", "must be greater than 0"),
        ("0.0001", "must have at most 3 decimal places"), ("1.2345", "must have at most 3 decimal places"),
        ("1000000000.001", "must be at most 1000000000"), ("1000000001", "must be at most 1000000000"),
    ])
    func quantity(text: String, problem: String?) {
        #expect(LineRule.quantity(ScaledDecimal(text)!) == problem)
    }

    @Test(arguments: [
        (Int64(0), String?.none), (1, nil), (10_000_000_000_000, nil), (-1, "must be 0 or more"),
        (Int64.min, "must be 0 or more"), (10_000_000_000_001, "must be at most 10000000000000"),
        (Int64.max, "must be at most 10000000000000"),
    ])
    func unitPrice(value: Int64, problem: String?) {
        #expect(LineRule.unitPrice(value) == problem)
    }

    @Test(arguments: [
        ("0", String?.none), ("100", nil), ("100.0000", nil), ("12.5", nil), ("33.3333", nil), ("0.0001", nil),
        ("-0.0001", "must be 0 to 100"), ("100.0001", "must be 0 to 100"), ("101", "must be 0 to 100"),
        ("12.34567", "must have at most 4 decimal places"), ("0.00001", "must have at most 4 decimal places"),
    ])
    func discountPercent(text: String, problem: String?) {
        #expect(LineRule.discountPercent(ScaledDecimal(text)!) == problem)
    }

    @Test(arguments: [
        (0, String?.none), (550, nil), (2000, nil), (10_000, nil), (-1, "must be 0 to 10000 basis points"),
        (10_001, "must be 0 to 10000 basis points"),
    ])
    func taxRate(value: Int, problem: String?) {
        #expect(LineRule.taxRate(value) == problem)
    }
}
