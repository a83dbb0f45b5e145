import Foundation
import Testing
@testable import RelanceCore

private func id(_ n: Int) -> UUID {
    let digits = String(n)
    return UUID(uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - digits.count) + digits)!
}
private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
private func settled(_ n: Int, _ paid: Int64, _ discounted: Int64 = 0) -> InvoiceSettlement {
    InvoiceSettlement(invoiceID: id(n), paid: paid, discounted: discounted)
}

/// 1: due 03-01 "F-2" 100; 2: due 02-01 "F-3" 200; 3: due 03-01 "F-1" 50 (5 off until 03-10);
/// 4: due 03-01 no number 30; 5: due 01-15 "F-0" nothing due; 6 and 7: due 04-01 "F-9", order by id.
private let openInvoices = [
    OpenInvoice(id: id(1), number: "F-2", dueDate: date("2026-03-01"), amountDue: 100),
    OpenInvoice(id: id(7), number: "F-9", dueDate: date("2026-04-01"), amountDue: 10),
    OpenInvoice(id: id(2), number: "F-3", dueDate: date("2026-02-01"), amountDue: 200),
    OpenInvoice(id: id(4), number: nil, dueDate: date("2026-03-01"), amountDue: 30),
    OpenInvoice(id: id(3), number: "F-1", dueDate: date("2026-03-01"), amountDue: 50,
                discount: DiscountOffer(amount: 5, lastDate: date("2026-03-10"))),
    OpenInvoice(id: id(5), number: "F-0", dueDate: date("2026-01-15"), amountDue: 0),
    OpenInvoice(id: id(6), number: "F-9", dueDate: date("2026-04-01"), amountDue: 10),
]

@Suite struct PaymentAllocationTests {
    @Test(arguments: [
        // amount, received → settlements in order, unallocated
        (Int64(0), "2026-03-20", [InvoiceSettlement](), Int64(0)),
        (200, "2026-03-20", [settled(2, 200)], 0),
        (1, "2026-03-20", [settled(2, 1)], 0),
        (320, "2026-03-20", [settled(2, 200), settled(3, 50), settled(1, 70)], 0),
        (400, "2026-03-20", [settled(2, 200), settled(3, 50), settled(1, 100), settled(4, 30), settled(6, 10), settled(7, 10)], 0),
        (1_000, "2026-03-20", [settled(2, 200), settled(3, 50), settled(1, 100), settled(4, 30), settled(6, 10), settled(7, 10)], 600),
        (385, "2026-03-20", [settled(2, 200), settled(3, 50), settled(1, 100), settled(4, 30), settled(6, 5)], 0),
        // on time for invoice 3's discount: 45 settles it, the 5 saved goes on
        (245, "2026-03-05", [settled(2, 200), settled(3, 45, 5)], 0),
        (250, "2026-03-10", [settled(2, 200), settled(3, 45, 5), settled(1, 5)], 0),
        (244, "2026-03-10", [settled(2, 200), settled(3, 44)], 0),     // not enough for the discount
        (245, "2026-03-11", [settled(2, 200), settled(3, 45)], 0),     // too late
        (-10, "2026-03-20", [], -10),                                  // nothing to spread
    ] as [(Int64, String, [InvoiceSettlement], Int64)])
    func automaticSettlesOldestDueFirst(amount: Int64, received: String, settlements: [InvoiceSettlement], unallocated: Int64) {
        let plan = PaymentAllocation.automatic(amount: amount, receivedOn: date(received), openInvoices: openInvoices)
        #expect(plan == AllocationPlan(settlements: settlements, unallocated: unallocated))
    }

    @Test func automaticWithNoOpenInvoicesLeavesEverythingAsCredit() {
        #expect(PaymentAllocation.automatic(amount: 500, receivedOn: date("2026-03-20"), openInvoices: [])
            == AllocationPlan(settlements: [], unallocated: 500))
    }

    @Test(arguments: [
        // amount, received, requests (invoice, amount) → settlements, unallocated
        (Int64(300), "2026-03-20", [(1, Int64(100)), (2, 150)], [settled(1, 100), settled(2, 150)], Int64(50)),
        (250, "2026-03-20", [(2, 200), (1, 50)], [settled(2, 200), settled(1, 50)], 0),   // request order kept
        (45, "2026-03-05", [(3, 45)], [settled(3, 45, 5)], 0),                           // amountDue − offer on time
        (45, "2026-03-11", [(3, 45)], [settled(3, 45)], 0),                              // late: no discount
        (50, "2026-03-05", [(3, 50)], [settled(3, 50)], 0),                              // pays what it asks
        (44, "2026-03-05", [(3, 44)], [settled(3, 44)], 0),
        (100, "2026-03-20", [], [], 100),                                                // nothing requested
        (30, "2026-03-20", [(4, 30)], [settled(4, 30)], 0),
    ] as [(Int64, String, [(Int, Int64)], [InvoiceSettlement], Int64)])
    func explicitPaysWhatEachRequestAsks(amount: Int64, received: String, requests: [(Int, Int64)],
                                         settlements: [InvoiceSettlement], unallocated: Int64) {
        let result = PaymentAllocation.explicit(amount: amount, receivedOn: date(received),
                                                requests: requests.map { AllocationRequest(invoiceID: id($0.0), amount: $0.1) },
                                                openInvoices: openInvoices)
        #expect(result == .success(AllocationPlan(settlements: settlements, unallocated: unallocated)))
    }

    @Test(arguments: [
        (Int64(200), [(1, Int64(101))], [AllocationError.exceedsAmountDue(index: 0, invoiceID: id(1), amountDue: 100)]),
        (100, [(99, 10)], [.unknownInvoice(index: 0, invoiceID: id(99))]),
        (100, [(1, 60), (2, 50)], [.exceedsPayment(total: 110, payment: 100)]),
        (100, [(1, 10), (1, 10)], [.duplicateInvoice(index: 1, invoiceID: id(1))]),
        (100, [(1, 0)], [.notPositive(index: 0)]),
        (100, [(1, -5)], [.notPositive(index: 0)]),
        (100, [(5, 1)], [.exceedsAmountDue(index: 0, invoiceID: id(5), amountDue: 0)]),
        // every error, in request order, the sum last
        (100, [(1, 0), (99, 10), (2, 201), (1, 20), (2, 30), (3, 50), (4, 31)],
         [.notPositive(index: 0), .unknownInvoice(index: 1, invoiceID: id(99)),
          .exceedsAmountDue(index: 2, invoiceID: id(2), amountDue: 200), .duplicateInvoice(index: 3, invoiceID: id(1)),
          .duplicateInvoice(index: 4, invoiceID: id(2)), .exceedsAmountDue(index: 6, invoiceID: id(4), amountDue: 30),
          .exceedsPayment(total: 342, payment: 100)]),
        // sums beyond Int64 are reported, clamped
        (100, [(1, Int64.max), (2, Int64.max)],
         [.exceedsAmountDue(index: 0, invoiceID: id(1), amountDue: 100), .exceedsAmountDue(index: 1, invoiceID: id(2), amountDue: 200),
          .exceedsPayment(total: Int64.max, payment: 100)]),
    ] as [(Int64, [(Int, Int64)], [AllocationError])])
    func explicitCollectsEveryError(amount: Int64, requests: [(Int, Int64)], errors: [AllocationError]) {
        let result = PaymentAllocation.explicit(amount: amount, receivedOn: date("2026-03-20"),
                                                requests: requests.map { AllocationRequest(invoiceID: id($0.0), amount: $0.1) },
                                                openInvoices: openInvoices)
        #expect(result == .failure(AllocationErrors(errors: errors)))
    }
}
