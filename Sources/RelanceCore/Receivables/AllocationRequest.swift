import Foundation

/// An explicit allocation asked for: `amount` minor units of the payment to `invoiceID`.
public struct AllocationRequest: Sendable, Hashable {
    public var invoiceID: UUID
    public var amount: Int64

    /// The value with these fields, as given (no checks).
    public init(invoiceID: UUID, amount: Int64) {
        self.invoiceID = invoiceID
        self.amount = amount
    }
}
