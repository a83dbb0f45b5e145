/// An early-payment discount still available on an invoice: `amount` minor units off when
/// paid on or before `lastDate`.
public struct DiscountOffer: Sendable, Hashable {
    public var amount: Int64
    public var lastDate: CalendarDate

    /// The value with these fields, as given (no checks).
    public init(amount: Int64, lastDate: CalendarDate) {
        self.amount = amount
        self.lastDate = lastDate
    }

    /// Whether it applies to a payment received on `receivedOn` for an invoice owing
    /// `amountDue`: `receivedOn ≤ lastDate` and `0 < amount ≤ amountDue`.
    public func applies(receivedOn: CalendarDate, amountDue: Int64) -> Bool {
        receivedOn <= lastDate && amount > 0 && amount <= amountDue
    }
}
