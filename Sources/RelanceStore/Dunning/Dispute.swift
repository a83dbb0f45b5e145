import Foundation
import RelanceCore

/// A dispute on an invoice: while open, the invoice is `disputed` and gets no reminders.
public struct Dispute: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open, upheld, rejected
    }

    public var id: UUID
    public var invoiceID: UUID
    public var customerID: UUID
    public var reason: String
    public var amount: Int64
    public var currency: Currency
    public var notes: String?
    public var openedOn: CalendarDate
    public var status: Status
    public var resolvedOn: CalendarDate?
    public var resolutionNotes: String?
    /// The credit note an upheld dispute issued.
    public var creditNoteID: UUID?
    public var createdAt: Date
    public var updatedAt: Date
}
