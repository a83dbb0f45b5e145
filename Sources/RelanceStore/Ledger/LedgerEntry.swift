import Foundation
import RelanceCore

/// One movement on a customer's account. `amount` is signed: positive raises what the
/// customer owes (an invoice issued, a payment reversed), negative lowers it (a payment, a
/// credit note, a discount, a write-off, a void).
public struct LedgerEntry: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case invoice, payment, creditNote = "credit_note", discount, reversal, writeOff = "write_off", void
    }

    public var customerID: UUID
    public var currency: Currency
    public var date: CalendarDate
    public var kind: Kind
    public var amount: Int64
    public var invoiceID: UUID?
    public var paymentID: UUID?
    public var creditNoteID: UUID?
    public var description: String

    public init(customerID: UUID, currency: Currency, date: CalendarDate, kind: Kind, amount: Int64, invoiceID: UUID? = nil,
                paymentID: UUID? = nil, creditNoteID: UUID? = nil, description: String) {
        self.customerID = customerID
        self.currency = currency
        self.date = date
        self.kind = kind
        self.amount = amount
        self.invoiceID = invoiceID
        self.paymentID = paymentID
        self.creditNoteID = creditNoteID
        self.description = description
    }
}
