import Foundation

/// One row of the `events` table as a customer's timeline shows it.
public struct TimelineEvent: Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var occurredAt: Date
    public var subjectType: String
    public var subjectID: UUID
    public var customerID: UUID?
    /// The JSON snapshot, as UTF-8 JSON text.
    public var data: Data
    public var actor: String
}
