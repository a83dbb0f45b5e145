import Foundation
import RelanceCore

/// An invoice to create, as validated by the API. Totals are never given: the repository
/// computes them with `InvoiceTotals`.
public struct NewInvoice: Sendable {
    /// One line: its text and the figures `InvoiceTotals` reads.
    public struct Line: Sendable {
        public var description: String
        public var input: InvoiceLineInput
        public init(description: String, input: InvoiceLineInput) {
            self.description = description
            self.input = input
        }
    }

    /// The early-payment discount: the tenant's default, none, or these terms.
    public enum Discount: Sendable {
        case tenantDefault
        case none
        case terms(EarlyPaymentDiscount)
    }

    /// What a charge invoice bills: an invoice's late interest and recovery indemnity.
    public struct Charges: Sendable {
        public var invoiceID: UUID
        public var interest: Int64
        public var indemnity: Int64
        public init(invoiceID: UUID, interest: Int64, indemnity: Int64) {
            self.invoiceID = invoiceID
            self.interest = interest
            self.indemnity = indemnity
        }
    }

    public var customerID: UUID
    public var number: String?
    public var issueDate: CalendarDate
    public var deliveryDate: CalendarDate?
    /// An explicit due date; when nil, `paymentTerms`, then the customer's, then the
    /// tenant's, then the French default (30 days after delivery) decide.
    public var dueDate: CalendarDate?
    public var paymentTerms: PaymentTerms?
    /// nil: the customer's currency.
    public var currency: Currency?
    /// The request field `currency` came from, named when it is not the customer's.
    public var currencyField: String
    public var purchaseOrder: String?
    public var notes: String?
    public var lines: [Line]
    public var discount: Discount
    /// Create it issued (numbered, on the customer's account) rather than as a draft.
    public var issue: Bool
    /// Set for a charge invoice (`LateChargeInvoicing`), nil for any other.
    public var charges: Charges? = nil

    public init(customerID: UUID, number: String? = nil, issueDate: CalendarDate, deliveryDate: CalendarDate? = nil,
                dueDate: CalendarDate? = nil, paymentTerms: PaymentTerms? = nil, currency: Currency? = nil,
                currencyField: String = "currency", purchaseOrder: String? = nil, notes: String? = nil, lines: [Line], discount: Discount = .tenantDefault, issue: Bool = false) {
        self.customerID = customerID
        self.number = number
        self.issueDate = issueDate
        self.deliveryDate = deliveryDate
        self.dueDate = dueDate
        self.paymentTerms = paymentTerms
        self.currency = currency
        self.currencyField = currencyField
        self.purchaseOrder = purchaseOrder
        self.notes = notes
        self.lines = lines
        self.discount = discount
        self.issue = issue
    }
}
