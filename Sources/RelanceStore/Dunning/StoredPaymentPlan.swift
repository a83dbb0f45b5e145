import Foundation
import RelanceCore

/// A payment plan as stored, with what has been paid towards it.
public struct StoredPaymentPlan: Sendable {
    public var plan: PaymentPlan
    public var customerID: UUID
    public var currency: Currency
    public var agreedOn: CalendarDate
    public var statusOn: CalendarDate?
    public var notes: String?
    public var createdAt: Date
}
