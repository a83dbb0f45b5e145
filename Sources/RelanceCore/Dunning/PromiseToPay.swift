import Foundation

/// A customer's promise to pay some invoices (or an amount) by a date. While it is open and
/// its date has not passed, those invoices get no reminders; it is kept when they are paid by
/// then, and broken the day after otherwise, when reminders resume with the step then due.
public struct PromiseToPay: Sendable, Hashable {
    public var id: UUID
    /// The invoices promised; empty when the promise is an amount for the whole account.
    public var invoiceIDs: Set<UUID>
    /// The amount promised, for a promise on the whole account.
    public var amount: Int64?
    public var madeOn: CalendarDate
    public var promisedDate: CalendarDate
    /// What the customer paid from `madeOn` on (what keeps an amount promise).
    public var paidSinceMade: Int64
    public var status: PromiseStatus

    /// The value with these fields, as given (no checks).
    public init(id: UUID, invoiceIDs: Set<UUID>, amount: Int64? = nil, madeOn: CalendarDate, promisedDate: CalendarDate,
                paidSinceMade: Int64 = 0, status: PromiseStatus = .open) {
        self.id = id
        self.invoiceIDs = invoiceIDs
        self.amount = amount
        self.madeOn = madeOn
        self.promisedDate = promisedDate
        self.paidSinceMade = paidSinceMade
        self.status = status
    }

    /// Its status on `today` given the customer's open invoices: kept once what it promised is
    /// paid (on or before its date), broken from the day after its date otherwise.
    public func status(on today: CalendarDate, openInvoices: [DunningInvoice]) -> PromiseStatus {
        guard status == .open else { return status }
        let satisfied: Bool
        if invoiceIDs.isEmpty {
            satisfied = paidSinceMade >= (amount ?? 0)
        } else {
            satisfied = !openInvoices.contains { invoiceIDs.contains($0.id) && $0.amountDue > 0 }
        }
        if satisfied { return .kept }
        return today > promisedDate ? .broken : .open
    }

    /// Whether it holds back reminders for `invoice` on `today` (open, made, date not passed).
    public func pauses(_ invoice: DunningInvoice, on today: CalendarDate) -> Bool {
        status == .open && madeOn <= today && today <= promisedDate && (invoiceIDs.isEmpty || invoiceIDs.contains(invoice.id))
    }
}
