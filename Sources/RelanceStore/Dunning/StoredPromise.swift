import Foundation
import RelanceCore

/// A promise to pay as stored: some invoices, or an amount of the whole account, by a date.
public struct StoredPromise: Sendable {
    public var id: UUID
    public var customerID: UUID
    public var invoiceIDs: [UUID]
    public var amount: Int64?
    public var currency: Currency
    public var madeOn: CalendarDate
    public var promisedDate: CalendarDate
    public var status: PromiseStatus
    /// The day it was kept, broken or cancelled.
    public var statusOn: CalendarDate?
    public var notes: String?
    public var createdAt: Date
}
