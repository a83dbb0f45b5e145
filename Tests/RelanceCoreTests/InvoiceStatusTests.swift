import Testing
@testable import RelanceCore

@Suite struct InvoiceStatusTests {
    @Test(arguments: [
        // status, total, paid, credited, discounted, written off → status after
        (InvoiceStatus.issued, Int64(100_000), Int64(0), Int64(0), Int64(0), Int64(0), InvoiceStatus.issued),
        (.issued, 100_000, 40_000, 0, 0, 0, .partiallyPaid),
        (.partiallyPaid, 100_000, 100_000, 0, 0, 0, .paid),
        (.issued, 100_000, 98_000, 0, 2_000, 0, .paid),          // escompte settles in full
        (.issued, 100_000, 0, 100_000, 0, 0, .paid),             // fully credited
        (.paid, 100_000, 60_000, 0, 0, 0, .partiallyPaid),       // a payment reversed
        (.partiallyPaid, 100_000, 0, 0, 0, 0, .issued),          // the only payment reversed
        (.draft, 100_000, 0, 0, 0, 0, .draft),
        (.void, 100_000, 0, 0, 0, 0, .void),
        (.writtenOff, 100_000, 30_000, 0, 0, 70_000, .writtenOff),
        (.issued, 0, 0, 0, 0, 0, .paid),                         // a zero invoice owes nothing
    ])
    func settlesFromTheBalance(status: InvoiceStatus, total: Int64, paid: Int64, credited: Int64, discounted: Int64,
                               writtenOff: Int64, expected: InvoiceStatus) {
        let balance = InvoiceBalance(total: total, paid: paid, credited: credited, discounted: discounted, writtenOff: writtenOff)
        #expect(status.settled(by: balance) == expected)
    }

    @Test func theAmountDueIsTheTotalLessEverythingThatSettledIt() {
        let balance = InvoiceBalance(total: 100_000, paid: 50_000, credited: 10_000, discounted: 2_000, writtenOff: 3_000)
        #expect(balance.amountDue == 35_000)
        #expect(balance.settledAmount == 65_000)
    }

    @Test func onlyIssuedAndPartlyPaidInvoicesAreOpenAndDraftsAndVoidsStayOffTheLedger() {
        #expect(InvoiceStatus.allCases.filter(\.isOpen) == [.issued, .partiallyPaid])
        #expect(InvoiceStatus.allCases.filter { !$0.isOnLedger } == [.draft, .void])
        #expect(InvoiceStatus.partiallyPaid.rawValue == "partially_paid")
        #expect(InvoiceStatus.writtenOff.rawValue == "written_off")
    }
}
