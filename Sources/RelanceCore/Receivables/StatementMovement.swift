/// One movement on a customer's account, for a statement.
public struct StatementMovement: Sendable, Hashable {
    public var date: CalendarDate
    /// invoice, payment, credit_note, discount, reversal, write_off or void.
    public var kind: String
    /// Signed minor units: positive raises what the customer owes (an invoice, a reversed
    /// payment), negative lowers it (a payment, a credit note, a discount, a write-off).
    public var amount: Int64
    /// The invoice or credit note number, or the payment's reference.
    public var reference: String?
    public var description: String

    /// The value with these fields, as given (no checks).
    public init(date: CalendarDate, kind: String, amount: Int64, reference: String? = nil, description: String) {
        self.date = date
        self.kind = kind
        self.amount = amount
        self.reference = reference
        self.description = description
    }
}
