import Foundation
import RelanceCore

/// A credit note: against an invoice (it lowers that invoice's amount due at once) or as
/// customer credit (applied later, like an unallocated payment).
public struct CreditNote: Sendable {
    public var id: UUID
    public var number: String
    public var customerID: UUID
    public var invoiceID: UUID?
    public var amount: Int64
    public var currency: Currency
    public var issueDate: CalendarDate
    public var reason: String
    public var amountAllocated: Int64
    public var createdAt: Date

    /// What is left as the customer's credit.
    public var unallocated: Int64 { amount - amountAllocated }
}
