/// One invoice line as the totals see it. Field limits are `LineRule`'s job; `InvoiceTotals.compute`
/// works on any values and reports what does not fit as an overflow.
public struct InvoiceLineInput: Sendable, Hashable {
    /// How many: > 0, at most 3 places, at most 1 000 000 000 (`LineRule.quantity`).
    public var quantity: ScaledDecimal
    /// Price of one, in minor units, before discount and tax: 0…10^13 (`LineRule.unitPrice`);
    /// never negative — a credit is a credit note.
    public var unitPrice: Int64
    /// Line discount in percent, 0…100 with at most 4 places (`LineRule.discountPercent`); nil for none.
    public var discountPercent: ScaledDecimal?
    /// VAT rate in basis points, 0…10000 (2000 = 20 %) (`LineRule.taxRate`).
    public var taxRate: Int

    /// The value with these fields, as given (no checks).
    public init(quantity: ScaledDecimal, unitPrice: Int64, discountPercent: ScaledDecimal?, taxRate: Int) {
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discountPercent = discountPercent
        self.taxRate = taxRate
    }
}
