import Foundation
import RelanceCore

/// An invoice's late charges as of a date, with what they were computed from.
public struct InvoiceLateCharges: Sendable, Hashable {
    public var invoiceID: UUID
    public var number: String?
    public var currency: Currency
    public var dueDate: CalendarDate
    public var asOf: CalendarDate
    /// What was owed at the end of the due date, in minor units.
    public var overdue: Int64
    /// The day the formal notice went out, from which the indemnity is claimed.
    public var formalNoticeOn: CalendarDate?
    public var rule: LateInterestRule
    public var charges: LateCharges
}
