import Foundation

/// An invoice money can be allocated to, as the allocation rules see it.
public struct OpenInvoice: Sendable, Hashable {
    public var id: UUID
    /// Its document number; nil sorts after every number.
    public var number: String?
    public var dueDate: CalendarDate
    /// What is still owed, in minor units.
    public var amountDue: Int64
    /// The early-payment discount still on offer; nil when there is none or it was already used.
    public var discount: DiscountOffer?

    /// The value with these fields, as given (no checks).
    public init(id: UUID, number: String?, dueDate: CalendarDate, amountDue: Int64, discount: DiscountOffer? = nil) {
        self.id = id
        self.number = number
        self.dueDate = dueDate
        self.amountDue = amountDue
        self.discount = discount
    }
}
