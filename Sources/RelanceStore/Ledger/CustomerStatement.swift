import Foundation
import RelanceCore

/// A customer's statement for a period: the opening balance, each movement with its running
/// balance, the closing balance and the aging of what is owed at the end of the period.
public struct CustomerStatement: Sendable {
    public var customerID: UUID
    public var customerName: String
    public var currency: Currency
    public var from: CalendarDate
    public var to: CalendarDate
    public var statement: Statement
    public var aging: Aging
}
