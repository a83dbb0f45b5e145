import Foundation
import RelanceCore

/// A credit note to issue; its number comes from the tenant's credit-note pattern.
public struct NewCreditNote: Sendable {
    /// nil: the customer of `invoiceID`.
    public var customerID: UUID?
    public var invoiceID: UUID?
    public var amount: Int64
    public var currency: Currency
    /// nil: the tenant's today.
    public var issueDate: CalendarDate?
    public var reason: String

    public init(customerID: UUID?, invoiceID: UUID?, amount: Int64, currency: Currency, issueDate: CalendarDate?, reason: String) {
        self.customerID = customerID
        self.invoiceID = invoiceID
        self.amount = amount
        self.currency = currency
        self.issueDate = issueDate
        self.reason = reason
    }
}
