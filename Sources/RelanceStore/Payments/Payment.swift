import Foundation
import RelanceCore

/// A payment received from a customer, with what it settled.
public struct Payment: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case transfer, sepaDebit = "sepa_debit", card, cheque, cash, other
    }

    public enum Status: String, Sendable { case received, reversed }

    /// One part of the payment applied to an invoice (or a discount it earned there).
    public struct Allocation: Sendable {
        public var invoiceID: UUID
        public var invoiceNumber: String?
        public var kind: String
        public var amount: Int64
        public var allocatedOn: CalendarDate
        public var reversedOn: CalendarDate?
    }

    public var id: UUID
    public var customerID: UUID
    public var amount: Int64
    public var currency: Currency
    public var receivedOn: CalendarDate
    public var method: Method
    public var reference: String?
    public var status: Status
    public var amountAllocated: Int64
    public var reversedOn: CalendarDate?
    public var reversalReason: String?
    public var allocations: [Allocation]
    public var createdAt: Date

    /// What is left as the customer's credit.
    public var unallocated: Int64 { status == .received ? amount - amountAllocated : 0 }
}
