import Testing
@testable import RelanceCore

typealias Outcome = Result<InvoiceStatus, InvoiceTransitionError>

@Suite struct InvoiceTransitionTests {
    @Test(arguments: [
        // status, action, total, paid, credited, discounted, written off → outcome
        (InvoiceStatus.draft, InvoiceAction.issue, Int64(100_000), Int64(0), Int64(0), Int64(0), Int64(0), Outcome.success(.issued)),
        (.draft, .issue, 0, 0, 0, 0, 0, .success(.paid)),                                   // a zero invoice is paid at once
        (.issued, .issue, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .issue, from: .issued))),
        (.paid, .issue, 100_000, 100_000, 0, 0, 0, .failure(.notAllowed(action: .issue, from: .paid))),
        (.void, .issue, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .issue, from: .void))),
        (.writtenOff, .issue, 100_000, 0, 0, 0, 100_000, .failure(.notAllowed(action: .issue, from: .writtenOff))),

        (.draft, .void, 100_000, 0, 0, 0, 0, .success(.void)),
        (.issued, .void, 100_000, 0, 0, 0, 0, .success(.void)),
        (.issued, .void, 100_000, 0, 10_000, 0, 0, .failure(.hasAllocations)),
        (.partiallyPaid, .void, 100_000, 40_000, 0, 0, 0, .failure(.hasAllocations)),
        (.paid, .void, 100_000, 98_000, 0, 2_000, 0, .failure(.hasAllocations)),
        (.paid, .void, 0, 0, 0, 0, 0, .failure(.notAllowed(action: .void, from: .paid))),
        (.void, .void, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .void, from: .void))),
        (.writtenOff, .void, 100_000, 0, 0, 0, 100_000, .failure(.notAllowed(action: .void, from: .writtenOff))),

        // write_off is given the balance before the write-off (what it writes off is its amountDue)
        (.issued, .writeOff, 100_000, 0, 0, 0, 0, .success(.writtenOff)),
        (.partiallyPaid, .writeOff, 100_000, 60_000, 0, 0, 0, .success(.writtenOff)),
        (.partiallyPaid, .writeOff, 100_000, 99_999, 0, 0, 0, .success(.writtenOff)),
        (.issued, .writeOff, 100_000, 0, 0, 0, 100_000, .failure(.nothingDue)),              // already written off in full
        (.issued, .writeOff, 0, 0, 0, 0, 0, .failure(.nothingDue)),
        (.partiallyPaid, .writeOff, 100_000, 100_000, 0, 0, 0, .failure(.nothingDue)),
        (.paid, .writeOff, 100_000, 100_000, 0, 0, 0, .failure(.notAllowed(action: .writeOff, from: .paid))),
        (.draft, .writeOff, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .writeOff, from: .draft))),
        (.void, .writeOff, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .writeOff, from: .void))),
        (.writtenOff, .writeOff, 100_000, 0, 0, 0, 100_000, .failure(.notAllowed(action: .writeOff, from: .writtenOff))),

        (.issued, .allocate, 100_000, 40_000, 0, 0, 0, .success(.partiallyPaid)),
        (.issued, .allocate, 100_000, 98_000, 0, 2_000, 0, .success(.paid)),
        (.partiallyPaid, .allocate, 100_000, 60_000, 40_000, 0, 0, .success(.paid)),
        (.partiallyPaid, .allocate, 100_000, 70_000, 0, 0, 0, .success(.partiallyPaid)),
        (.paid, .allocate, 100_000, 100_000, 0, 0, 0, .failure(.notAllowed(action: .allocate, from: .paid))),
        (.draft, .allocate, 100_000, 10, 0, 0, 0, .failure(.notAllowed(action: .allocate, from: .draft))),
        (.void, .allocate, 100_000, 10, 0, 0, 0, .failure(.notAllowed(action: .allocate, from: .void))),
        (.writtenOff, .allocate, 100_000, 10, 0, 0, 99_990, .failure(.notAllowed(action: .allocate, from: .writtenOff))),

        (.paid, .reverse, 100_000, 60_000, 0, 0, 0, .success(.partiallyPaid)),
        (.paid, .reverse, 100_000, 0, 0, 0, 0, .success(.issued)),
        (.partiallyPaid, .reverse, 100_000, 0, 0, 0, 0, .success(.issued)),
        (.partiallyPaid, .reverse, 100_000, 10_000, 0, 0, 0, .success(.partiallyPaid)),
        (.issued, .reverse, 100_000, 0, 0, 0, 0, .success(.issued)),
        (.paid, .reverse, 100_000, 98_000, 0, 0, 0, .success(.partiallyPaid)),             // the discount reversed
        (.writtenOff, .reverse, 100_000, 0, 0, 0, 70_000, .success(.writtenOff)),
        (.draft, .reverse, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .reverse, from: .draft))),
        (.void, .reverse, 100_000, 0, 0, 0, 0, .failure(.notAllowed(action: .reverse, from: .void))),
    ] as [(InvoiceStatus, InvoiceAction, Int64, Int64, Int64, Int64, Int64, Outcome)])
    func actionsMoveTheStatusOrSayWhyNot(status: InvoiceStatus, action: InvoiceAction, total: Int64, paid: Int64, credited: Int64,
                                         discounted: Int64, writtenOff: Int64, expected: Outcome) {
        let balance = InvoiceBalance(total: total, paid: paid, credited: credited, discounted: discounted, writtenOff: writtenOff)
        let outcome = Outcome { () throws(InvoiceTransitionError) -> InvoiceStatus in try status.applying(action, balance: balance) }
        #expect(outcome == expected)
    }

    @Test func actionsHaveSnakeCaseNames() {
        #expect(InvoiceAction.allCases.map(\.rawValue) == ["issue", "void", "write_off", "allocate", "reverse"])
    }
}
