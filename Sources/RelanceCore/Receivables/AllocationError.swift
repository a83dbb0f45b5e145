import Foundation

/// Why one explicit allocation cannot be made; `index` is the request's position (0-based).
public enum AllocationError: Error, Sendable, Hashable {
    /// `allocations[index].amount` is more than the invoice's `amountDue`.
    case exceedsAmountDue(index: Int, invoiceID: UUID, amountDue: Int64)
    /// The invoice is not among the open invoices given.
    case unknownInvoice(index: Int, invoiceID: UUID)
    /// The requests add up to more than the payment.
    case exceedsPayment(total: Int64, payment: Int64)
    /// The invoice was already named by an earlier request.
    case duplicateInvoice(index: Int, invoiceID: UUID)
    /// The amount is 0 or negative.
    case notPositive(index: Int)
}
