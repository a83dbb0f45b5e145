import Foundation
import Testing
@testable import RelanceCore

@Suite struct EarlyPaymentDiscountTests {
    @Test(arguments: [
        (200, 10, String?.none), (1, 0, nil), (10_000, 365, nil), (150, 30, nil),
        (0, 10, "percent must be 0.01 to 100"), (-1, 10, "percent must be 0.01 to 100"),
        (10_001, 10, "percent must be 0.01 to 100"), (200, -1, "within_days must be 0 to 365"),
        (200, 366, "within_days must be 0 to 365"),
    ])
    func percentAndDaysHaveLimits(basisPoints: Int, days: Int, problem: String?) {
        #expect(EarlyPaymentDiscount(percentBasisPoints: basisPoints, withinDays: days).problem == problem)
    }

    @Test(arguments: [
        ("2026-03-01", 10, String?.some("2026-03-11")), ("2024-02-20", 10, "2024-03-01"), ("2023-02-20", 10, "2023-03-02"),
        ("2026-03-01", 0, "2026-03-01"), ("2026-12-25", 10, "2027-01-04"), ("9999-12-31", 1, nil), ("9999-12-31", 0, "9999-12-31"),
    ])
    func theLastDateIsIssuePlusTheDays(issued: String, days: Int, expected: String?) {
        let discount = EarlyPaymentDiscount(percentBasisPoints: 200, withinDays: days)
        #expect(discount.lastDate(issuedOn: CalendarDate(issued)!) == expected.map { CalendarDate($0)! })
    }

    @Test(arguments: [
        (Int64(100_000), 200, Int64(2_000)),        // €1,000.00 at 2 % = €20.00
        (12_345, 150, 185),                          // 185.175 → 185
        (12_345, 250, 309),                          // 308.625 → 309
        (50, 100, 1),                                // exactly 0.5 → 1
        (49, 100, 0),                                // 0.49 → 0
        (150, 100, 2),                               // 1.5 → 2
        (0, 200, 0),
        (-50, 100, -1),                              // away from zero
        (1, 10_000, 1),
        (Int64.max, 10_000, Int64.max),              // exact in 128 bits
        (Int64.max, 1, 922_337_203_685_478),         // 922337203685477.5807 → …478
        (Int64.max, 20_000, Int64.max),              // beyond 100 %: clamped
    ])
    func theAmountRoundsHalfUp(total: Int64, basisPoints: Int, expected: Int64) {
        #expect(EarlyPaymentDiscount(percentBasisPoints: basisPoints, withinDays: 10).amount(onTotal: total) == expected)
    }

    @Test(arguments: [
        (#"{"percent": 2, "within_days": 10}"#, Int?.some(200), 10), (#"{"percent": 1.5, "within_days": 0}"#, 150, 0),
        (#"{"percent": 0.01, "within_days": 30}"#, 1, 30), (#"{"percent": 100, "within_days": 365}"#, 10_000, 365),
        (#"{"percent": 2.00, "within_days": 10}"#, 200, 10), (#"{"percent": 0.125, "within_days": 10}"#, nil, 0),
        (#"{"percent": 0.001, "within_days": 10}"#, nil, 0), (#"{"percent": "2", "within_days": 10}"#, nil, 0),
        (#"{"within_days": 10}"#, nil, 0),
    ])
    func jsonCarriesPercentAsADecimalWithTwoPlaces(json: String, basisPoints: Int?, days: Int) throws {
        let decoded = try? JSONDecoder().decode(EarlyPaymentDiscount.self, from: Data(json.utf8))
        #expect(decoded == basisPoints.map { EarlyPaymentDiscount(percentBasisPoints: $0, withinDays: days) })
        if let decoded {
            let encoded = try JSONEncoder().encode(decoded)
            #expect(try JSONDecoder().decode(EarlyPaymentDiscount.self, from: encoded) == decoded)
        }
    }

    @Test func encodesPercentAsAnExactNumber() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(EarlyPaymentDiscount(percentBasisPoints: 150, withinDays: 10)), as: UTF8.self)
        #expect(json == #"{"percent":1.5,"within_days":10}"#)
    }
}
