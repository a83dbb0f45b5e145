/// What settles an invoice, in minor units of its currency: `amountDue = total − paid −
/// credited − discounted − writtenOff`. Keeping it at zero or more is the allocating
/// rule's job (nothing may settle more than is due); this type only does the sums.
public struct InvoiceBalance: Sendable, Hashable {
    public var total: Int64
    public var paid: Int64
    public var credited: Int64
    public var discounted: Int64
    public var writtenOff: Int64

    public init(total: Int64, paid: Int64 = 0, credited: Int64 = 0, discounted: Int64 = 0, writtenOff: Int64 = 0) {
        self.total = total
        self.paid = paid
        self.credited = credited
        self.discounted = discounted
        self.writtenOff = writtenOff
    }

    /// Everything that lowered the balance.
    public var settledAmount: Int64 { paid + credited + discounted + writtenOff }

    public var amountDue: Int64 { total - settledAmount }
}
