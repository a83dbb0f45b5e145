import Foundation
import Testing
@testable import RelanceCore

private let invoiceID = UUID(uuidString: "00000000-0000-0000-0000-0000000000AA")!
private let lastDay = CalendarDate("2026-03-11")!

@Suite struct InvoiceSettlementTests {
    @Test(arguments: [
        // amount due, discount offer, available, received → paid, discounted
        // The brief's example: €1,000.00, 2 % within 10 days of 2026-03-01.
        (Int64(100_000), Int64?.some(2_000), Int64(98_000), "2026-03-08", Int64(98_000), Int64(2_000)),
        (100_000, 2_000, 98_000, "2026-03-11", 98_000, 2_000),        // the last day counts
        (100_000, 2_000, 98_000, "2026-03-12", 98_000, 0),            // too late: 2000 still due
        (100_000, 2_000, 98_000, "2026-03-01", 98_000, 2_000),        // the issue day
        (100_000, 2_000, 100_000, "2026-03-08", 98_000, 2_000),       // paying more on time: 2000 stays on the payment
        (100_000, 2_000, 150_000, "2026-03-08", 98_000, 2_000),
        (100_000, 2_000, 97_999, "2026-03-08", 97_999, 0),            // short by one cent: no discount
        (100_000, 2_000, 100_000, "2026-03-12", 100_000, 0),
        (100_000, nil, 98_000, "2026-03-08", 98_000, 0),              // no offer
        (100_000, nil, 150_000, "2026-03-08", 100_000, 0),
        (100_000, nil, 0, "2026-03-08", 0, 0),
        (100_000, nil, -5, "2026-03-08", 0, 0),                       // nothing available
        (100_000, 0, 98_000, "2026-03-08", 98_000, 0),                // a zero offer is no offer
        (100_000, -1, 99_999, "2026-03-08", 99_999, 0),               // nor a negative one
        (50_000, 2_000, 48_000, "2026-03-08", 48_000, 2_000),         // after a part payment
        (1_500, 2_000, 1_000, "2026-03-08", 1_000, 0),                // offer above what is due: not applied
        (1_500, 2_000, 5_000, "2026-03-08", 1_500, 0),
        (1_500, 1_500, 0, "2026-03-08", 0, 1_500),                    // offer equal to what is due: settled by it
        (0, nil, 10_000, "2026-03-08", 0, 0),                         // nothing due
        (1, nil, 1, "2026-03-08", 1, 0),
    ] as [(Int64, Int64?, Int64, String, Int64, Int64)])
    func settlesInFullWithTheDiscountOnlyWhenOnTimeAndEnough(amountDue: Int64, offer: Int64?, available: Int64, received: String,
                                                             paid: Int64, discounted: Int64) {
        let invoice = OpenInvoice(id: invoiceID, number: "F-2026-00001", dueDate: CalendarDate("2026-03-31")!, amountDue: amountDue,
                                  discount: offer.map { DiscountOffer(amount: $0, lastDate: lastDay) })
        let settlement = InvoiceSettlement.settle(invoice, available: available, receivedOn: CalendarDate(received)!)
        #expect(settlement == InvoiceSettlement(invoiceID: invoiceID, paid: paid, discounted: discounted))
    }

    @Test func theBriefsEscompteExampleEndToEnd() throws {
        let terms = EarlyPaymentDiscount(percentBasisPoints: 200, withinDays: 10)
        let issued = CalendarDate("2026-03-01")!
        let offer = DiscountOffer(amount: terms.amount(onTotal: 100_000), lastDate: try #require(terms.lastDate(issuedOn: issued)))
        #expect(offer == DiscountOffer(amount: 2_000, lastDate: CalendarDate("2026-03-11")!))
        let invoice = OpenInvoice(id: invoiceID, number: "F-1", dueDate: issued.adding(days: 30)!, amountDue: 100_000, discount: offer)
        let onTime = InvoiceSettlement.settle(invoice, available: 98_000, receivedOn: CalendarDate("2026-03-08")!)
        var balance = InvoiceBalance(total: 100_000, paid: onTime.paid, discounted: onTime.discounted)
        #expect(balance.amountDue == 0)
        #expect(InvoiceStatus.issued.settled(by: balance) == .paid)
        let late = InvoiceSettlement.settle(invoice, available: 98_000, receivedOn: CalendarDate("2026-03-12")!)
        balance = InvoiceBalance(total: 100_000, paid: late.paid, discounted: late.discounted)
        #expect(balance.amountDue == 2_000)
        #expect(InvoiceStatus.issued.settled(by: balance) == .partiallyPaid)
    }
}
