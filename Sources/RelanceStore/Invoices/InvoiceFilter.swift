import Foundation
import RelanceCore

/// What `GET /v1/invoices` selects and in which order.
public struct InvoiceFilter: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case dueDate = "due_date"
        case number
    }

    public var status: InvoiceStatus?
    public var customerID: UUID?
    /// Open invoices with something due whose due date is before this date.
    public var overdueAsOf: CalendarDate?
    public var dueFrom: CalendarDate?
    public var dueTo: CalendarDate?
    public var number: String?
    public var amountDueMin: Int64?
    public var amountDueMax: Int64?
    public var sort: Sort = .dueDate

    public init() {}
}
