import Foundation

/// How a payment is spread over a customer's open invoices.
public enum PaymentAllocation {
    /// Automatic allocation, oldest due first: the invoices ordered by due date ascending, then
    /// number ascending (nil numbers last), then id (its string); each settled with
    /// `InvoiceSettlement.settle` from what is left of `amount`, stopping when nothing is left.
    /// Settlements that move nothing are left out; what remains is `unallocated`.
    ///
    /// Applying a customer's unallocated credit is the same call with the credit as `amount`
    /// and the invoices' discounts set to nil.
    public static func automatic(amount: Int64, receivedOn: CalendarDate, openInvoices: [OpenInvoice]) -> AllocationPlan {
        let ordered = openInvoices.sorted { a, b in
            if a.dueDate != b.dueDate { return a.dueDate < b.dueDate }
            switch (a.number, b.number) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.id.uuidString < b.id.uuidString
            }
        }
        var left = amount
        var settlements: [InvoiceSettlement] = []
        for invoice in ordered {
            guard left > 0 else { break }
            let settlement = InvoiceSettlement.settle(invoice, available: left, receivedOn: receivedOn)
            guard settlement.paid != 0 || settlement.discounted != 0 else { continue }
            settlements.append(settlement)
            left -= settlement.paid
        }
        return AllocationPlan(settlements: settlements, unallocated: left)
    }

    /// Explicit allocation: each request pays its amount to its invoice, in request order;
    /// the rest of `amount` is unallocated.
    ///
    /// Each request must be positive (`notPositive`), name an invoice among `openInvoices`
    /// (`unknownInvoice`) not named by an earlier request (`duplicateInvoice`), and ask at
    /// most that invoice's `amountDue` (`exceedsAmountDue`); the amounts must add up to at
    /// most `amount` (`exceedsPayment`). A request of exactly `amountDue − offer.amount` while
    /// the discount offer applies settles the invoice in full with the discount (as `settle`
    /// does); any other request pays exactly what it asks, without discount. Collects ALL
    /// errors: one per faulty request, in request order, then `exceedsPayment`.
    public static func explicit(amount: Int64, receivedOn: CalendarDate, requests: [AllocationRequest],
                                openInvoices: [OpenInvoice]) -> Result<AllocationPlan, AllocationErrors> {
        var invoices: [UUID: OpenInvoice] = [:]
        for invoice in openInvoices where invoices[invoice.id] == nil { invoices[invoice.id] = invoice }
        var errors: [AllocationError] = []
        var seen: Set<UUID> = []
        var settlements: [InvoiceSettlement] = []
        var requested: Int128 = 0
        for (index, request) in requests.enumerated() {
            requested += Int128(request.amount)
            let firstTime = seen.insert(request.invoiceID).inserted
            if request.amount <= 0 {
                errors.append(.notPositive(index: index))
            } else if !firstTime {
                errors.append(.duplicateInvoice(index: index, invoiceID: request.invoiceID))
            } else if let invoice = invoices[request.invoiceID] {
                if request.amount > invoice.amountDue {
                    errors.append(.exceedsAmountDue(index: index, invoiceID: invoice.id, amountDue: invoice.amountDue))
                } else if let offer = invoice.discount, offer.applies(receivedOn: receivedOn, amountDue: invoice.amountDue),
                          request.amount == invoice.amountDue - offer.amount {
                    settlements.append(InvoiceSettlement(invoiceID: invoice.id, paid: request.amount, discounted: offer.amount))
                } else {
                    settlements.append(InvoiceSettlement(invoiceID: invoice.id, paid: request.amount, discounted: 0))
                }
            } else {
                errors.append(.unknownInvoice(index: index, invoiceID: request.invoiceID))
            }
        }
        if requested > Int128(amount) {
            errors.append(.exceedsPayment(total: Int64(clamping: requested), payment: amount))
        }
        guard errors.isEmpty else { return .failure(AllocationErrors(errors: errors)) }
        return .success(AllocationPlan(settlements: settlements, unallocated: amount - Int64(requested)))
    }
}
