/// The tax at one rate on an invoice: `amount = round_half_up(base × rate / 10000)`.
public struct TaxAmount: Sendable, Hashable {
    /// Basis points (2000 = 20 %).
    public var rate: Int
    /// Sum of the line totals (net, before tax) at this rate, in minor units.
    public var base: Int64
    /// The tax, in minor units.
    public var amount: Int64

    /// The value with these fields, as given (no checks).
    public init(rate: Int, base: Int64, amount: Int64) {
        self.rate = rate
        self.base = base
        self.amount = amount
    }
}
