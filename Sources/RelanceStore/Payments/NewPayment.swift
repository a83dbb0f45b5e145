import Foundation
import RelanceCore

/// A payment to record. Without `allocations` it settles the customer's open invoices
/// oldest due first; with them, exactly those amounts (checked by `PaymentAllocation`).
public struct NewPayment: Sendable {
    public var customerID: UUID
    public var amount: Int64
    public var currency: Currency
    public var receivedOn: CalendarDate
    public var method: Payment.Method
    public var reference: String?
    public var allocations: [AllocationRequest]?

    public init(customerID: UUID, amount: Int64, currency: Currency, receivedOn: CalendarDate, method: Payment.Method,
                reference: String? = nil, allocations: [AllocationRequest]? = nil) {
        self.customerID = customerID
        self.amount = amount
        self.currency = currency
        self.receivedOn = receivedOn
        self.method = method
        self.reference = reference
        self.allocations = allocations
    }
}
