import Foundation
import RelanceCore

/// What the public pay page of one invoice shows (`GET /pay/{token}`), as `PayPageStore`
/// read it: who asks, for which invoice, how much is due today and how to pay it.
public struct PayPage: Sendable {
    /// The account a transfer goes to (tenant settings `bank_*`).
    public struct BankAccount: Sendable, Equatable {
        /// The beneficiary: the account holder, else the tenant's display name.
        public var beneficiary: String
        /// Compact and in capitals.
        public var iban: String
        public var bic: String?

        public init(beneficiary: String, iban: String, bic: String?) {
            self.beneficiary = beneficiary
            self.iban = iban
            self.bic = bic
        }
    }

    /// The late charges the dunning ladder claims on the invoice today: its formal notice has
    /// gone out, so the late interest and the fixed recovery indemnity are due with it, less
    /// what a charge invoice already bills.
    public struct Charges: Sendable, Equatable {
        public var formalNoticeOn: CalendarDate
        public var interest: Int64
        public var indemnity: Int64
        public var total: Int64 { interest + indemnity }

        public init(formalNoticeOn: CalendarDate, interest: Int64, indemnity: Int64) {
            self.formalNoticeOn = formalNoticeOn
            self.interest = interest
            self.indemnity = indemnity
        }
    }

    /// The token of the page (for the dispute form's address).
    public var token: String
    public var invoiceID: UUID
    /// Who is asking: the tenant's display name.
    public var tenantName: String
    /// Where the customer can write (tenant setting `sender_email`).
    public var contactEmail: String?
    public var customerName: String
    /// `fr` or `en`: the customer's language, else the tenant's.
    public var language: String
    public var number: String?
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    public var currency: Currency
    public var total: Int64
    /// What is still owed on the invoice itself, in minor units.
    public var amountDue: Int64
    public var status: InvoiceStatus
    /// An open dispute pauses the invoice (the page says it is contested, without the form).
    public var disputed: Bool
    /// The RF creditor reference to quote, compact.
    public var paymentReference: String?
    /// The tenant's date today.
    public var today: CalendarDate
    /// nil unless the formal notice went out by today and something is owed.
    public var charges: Charges?
    /// nil unless the tenant set an IBAN.
    public var bankAccount: BankAccount?
    public var paymentMethods: [AcceptedPaymentMethod]

    public init(token: String, invoiceID: UUID, tenantName: String, contactEmail: String?, customerName: String, language: String,
                number: String?, issueDate: CalendarDate, dueDate: CalendarDate, currency: Currency, total: Int64, amountDue: Int64,
                status: InvoiceStatus, disputed: Bool, paymentReference: String?, today: CalendarDate, charges: Charges?,
                bankAccount: BankAccount?, paymentMethods: [AcceptedPaymentMethod]) {
        self.token = token
        self.invoiceID = invoiceID
        self.tenantName = tenantName
        self.contactEmail = contactEmail
        self.customerName = customerName
        self.language = language
        self.number = number
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.currency = currency
        self.total = total
        self.amountDue = amountDue
        self.status = status
        self.disputed = disputed
        self.paymentReference = paymentReference
        self.today = today
        self.charges = charges
        self.bankAccount = bankAccount
        self.paymentMethods = paymentMethods
    }

    /// Nothing is owed: the page says the invoice is paid.
    public var isPaid: Bool { amountDue == 0 }

    /// What to pay today: the invoice's amount due and the late charges claimed.
    public var amountDueToday: Int64 { amountDue + (charges?.total ?? 0) }

    /// Whether the page shows the bank transfer block: transfers are accepted, an account
    /// is set and something is owed.
    public var showsTransfer: Bool { !isPaid && paymentMethods.contains(.transfer) && bankAccount != nil }

    /// The accepted methods other than the transfer, in the tenant's order.
    public var otherMethods: [AcceptedPaymentMethod] { paymentMethods.filter { $0 != .transfer } }

    /// The EPC QR payload of a transfer of `amountDueToday` quoting the RF reference (or, when
    /// the invoice has none, its number as text); nil when there is no transfer block, the
    /// currency is not the euro, or a field cannot go in a payload (a beneficiary name over 70
    /// characters…): the page then shows the details without a QR code.
    public var transferPayload: EPCPaymentPayload? {
        guard showsTransfer, let account = bankAccount, currency == .eur else { return nil }
        let reference = paymentReference.flatMap { CreditorReference.isValid($0) ? $0 : nil }
        return try? EPCPaymentPayload(bic: account.bic, name: account.beneficiary, iban: account.iban,
                                      amount: Money(amountDueToday, currency),
                                      creditorReference: reference, remittanceText: reference == nil ? number : nil)
    }
}
