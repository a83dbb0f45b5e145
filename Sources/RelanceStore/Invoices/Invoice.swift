import Foundation
import RelanceCore

/// An invoice as stored, with its lines and the amounts that settled it. Amounts are minor
/// units of `currency`; `amountDue` is `total − amountPaid − amountCredited −
/// amountDiscounted − amountWrittenOff` (as of `asOf` when the invoice was read for a date).
public struct Invoice: Sendable {
    public var id: UUID
    public var number: String?
    public var status: InvoiceStatus
    public var customerID: UUID
    public var currency: Currency
    public var issueDate: CalendarDate
    public var deliveryDate: CalendarDate?
    public var dueDate: CalendarDate
    public var paymentTerms: PaymentTerms?
    public var purchaseOrder: String?
    public var notes: String?
    public var lines: [InvoiceLine]
    public var taxes: [TaxAmount]
    public var subtotal: Int64
    public var taxTotal: Int64
    public var total: Int64
    public var amountPaid: Int64
    public var amountCredited: Int64
    public var amountDiscounted: Int64
    public var amountWrittenOff: Int64
    public var amountDue: Int64
    public var earlyPaymentDiscount: EarlyPaymentDiscount?
    public var paymentToken: String
    public var paymentReference: String?
    public var writeOffReason: String?
    public var disputed: Bool
    public var legalMentions: LegalMentions?
    public var warnings: [String]
    public var issuedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// Created while its customer was blocked by a `block_customer` dunning step.
    public var customerBlocked: Bool = false
    /// For a charge invoice: the invoice whose late charges it bills.
    public var chargesFor: UUID? = nil
    /// The date the amounts are given for, when the invoice was read `as_of` a date.
    public var asOf: CalendarDate?

    /// The settled amounts as a balance.
    public var balance: InvoiceBalance {
        InvoiceBalance(total: total, paid: amountPaid, credited: amountCredited, discounted: amountDiscounted, writtenOff: amountWrittenOff)
    }
}

/// One line of an invoice: what the client sent, and its total net of the line discount,
/// before tax, as `InvoiceTotals` computed it.
public struct InvoiceLine: Sendable {
    public var description: String
    public var input: InvoiceLineInput
    public var lineTotal: Int64

    public init(description: String, input: InvoiceLineInput, lineTotal: Int64) {
        self.description = description
        self.input = input
        self.lineTotal = lineTotal
    }
}
