import Testing
@testable import RelanceCore

@Suite struct StatementTests {
    private static func movement(_ date: String, _ kind: String, _ amount: Int64, _ reference: String? = nil) -> StatementMovement {
        StatementMovement(date: CalendarDate(date)!, kind: kind, amount: amount, reference: reference, description: kind)
    }

    @Test(arguments: [
        (Int64(0), [(String, String, Int64)](), [Int64](), Int64(0)),
        (5_000, [], [], 5_000),
        (0, [("2026-03-01", "invoice", 100_000), ("2026-03-08", "payment", -98_000), ("2026-03-08", "discount", -2_000)],
         [100_000, 2_000, 0], 0),
        (1_000, [("2026-03-01", "invoice", 120_000), ("2026-03-05", "payment", -50_000), ("2026-03-06", "reversal", 50_000),
                 ("2026-03-10", "credit_note", -20_000), ("2026-04-30", "write_off", -100_000)],
         [121_000, 71_000, 121_000, 101_000, 1_000], 1_000),
        (-3_000, [("2026-03-01", "payment", -7_000), ("2026-03-02", "invoice", 4_000)], [-10_000, -6_000], -6_000),  // a credit
        (0, [("2026-03-01", "invoice", 10_000), ("2026-03-01", "void", -10_000)], [10_000, 0], 0),
    ] as [(Int64, [(String, String, Int64)], [Int64], Int64)])
    func runsTheBalanceInTheGivenOrder(opening: Int64, rows: [(String, String, Int64)], balances: [Int64], closing: Int64) {
        let movements = rows.map { Self.movement($0.0, $0.1, $0.2, "R-\($0.0)") }
        let statement = Statement(opening: opening, movements: movements)
        #expect(statement.opening == opening)
        #expect(statement.lines.map(\.movement) == movements)
        #expect(statement.lines.map(\.balance) == balances)
        #expect(statement.closing == closing)
    }
}
