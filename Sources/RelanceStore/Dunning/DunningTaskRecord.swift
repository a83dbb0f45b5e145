import Foundation
import RelanceCore

/// A task for a person as stored: a phone call, an agency hand-off, asking whom invoices go to.
public struct DunningTaskRecord: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open, done, cancelled
    }

    public var id: UUID
    public var customerID: UUID
    public var kind: DunningTaskKind
    public var status: Status
    public var invoiceIDs: [UUID]
    public var createdOn: CalendarDate
    public var assignee: String?
    public var outcome: String?
    public var notes: String?
    public var completedAt: Date?
    public var createdAt: Date
}
