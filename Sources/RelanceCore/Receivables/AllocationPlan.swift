/// What a payment (or a credit) settles: the settlements in the order applied (only the
/// non-zero ones), and what is left as the customer's credit.
public struct AllocationPlan: Sendable, Hashable {
    public var settlements: [InvoiceSettlement]
    /// The amount less every settlement's `paid` (discounts cost the payment nothing).
    public var unallocated: Int64

    /// The value with these fields, as given (no checks).
    public init(settlements: [InvoiceSettlement], unallocated: Int64) {
        self.settlements = settlements
        self.unallocated = unallocated
    }
}
