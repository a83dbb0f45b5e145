import Foundation
import RelanceCore

/// A reminder: one message to a customer on one channel, listing the invoices it reminds with
/// the step each is at, amounts as they were on the day of the run.
public struct Reminder: Sendable {
    public struct Item: Sendable {
        public var invoiceID: UUID
        public var number: String?
        public var offsetDays: Int
        public var amountDue: Int64
        public var daysLate: Int
        /// Late interest the reminder stated for the invoice (nil: none claimed, or not sent yet).
        public var lateInterest: Int64? = nil
        /// The recovery indemnity the reminder stated for the invoice.
        public var indemnity: Int64? = nil
    }

    /// Where a reminder stands: recorded (`pending`), then delivered or not by the delivery
    /// issue's channels, or `cancelled` when its invoices were paid or disputed before.
    public enum Status: String, Sendable, CaseIterable {
        case pending, sent, failed, bounced, cancelled
    }

    public var id: UUID
    public var customerID: UUID
    public var runDate: CalendarDate
    public var channel: DunningChannel
    public var template: String
    public var tone: DunningTone
    public var status: Status
    public var currency: Currency
    public var amountDue: Int64
    public var items: [Item]
    /// For an installment reminder: its payment plan (and no items).
    public var planID: UUID?
    public var createdAt: Date
}
