import Foundation

/// What one payment does to one invoice: `paid` minor units taken from the payment, and
/// `discounted` minor units of early-payment discount recorded as a movement of its own.
public struct InvoiceSettlement: Sendable, Hashable {
    public var invoiceID: UUID
    /// Taken from the payment.
    public var paid: Int64
    /// Escompte granted (0 if none).
    public var discounted: Int64

    /// The value with these fields, as given (no checks).
    public init(invoiceID: UUID, paid: Int64, discounted: Int64 = 0) {
        self.invoiceID = invoiceID
        self.paid = paid
        self.discounted = discounted
    }

    /// How much of `available` goes to `invoice` for a payment received on `receivedOn`:
    ///
    /// - if the discount offer applies (`receivedOn ≤ lastDate` and `0 < offer.amount ≤ amountDue`)
    ///   and `available ≥ amountDue − offer.amount`: `paid = amountDue − offer.amount`,
    ///   `discounted = offer.amount` — the invoice is settled in full;
    /// - else `paid = min(available, amountDue)` (never below 0), `discounted = 0`.
    ///
    /// E.g. €1,000.00 due with a €20.00 offer until 2026-03-11: 98000 received on 2026-03-11
    /// pays 98000 and discounts 2000; received on 2026-03-12 it pays 98000 and 2000 stays due.
    public static func settle(_ invoice: OpenInvoice, available: Int64, receivedOn: CalendarDate) -> InvoiceSettlement {
        if let offer = invoice.discount, offer.applies(receivedOn: receivedOn, amountDue: invoice.amountDue),
           available >= invoice.amountDue - offer.amount {
            return InvoiceSettlement(invoiceID: invoice.id, paid: invoice.amountDue - offer.amount, discounted: offer.amount)
        }
        return InvoiceSettlement(invoiceID: invoice.id, paid: max(0, min(available, invoice.amountDue)), discounted: 0)
    }
}
