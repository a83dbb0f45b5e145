import Foundation
import RelanceCore

/// One change to record in the tenant's `events` table: `invoice.issued`, `payment.recorded`….
///
/// `data` is a JSON snapshot of what changed (the resource as it now is, or the fields that
/// changed); `actor` is who made it: an API key id, or `system` for a job.
public struct NewEvent: Sendable {
    public var type: String
    public var subjectType: String
    public var subjectID: UUID
    public var customerID: UUID?
    public var data: Data
    public var actor: String

    /// An event whose snapshot is `snapshot` encoded as JSON (snake_case keys, ISO dates).
    public init<Snapshot: Encodable>(
        type: String, subjectType: String, subjectID: UUID, customerID: UUID?, snapshot: Snapshot, actor: String
    ) throws {
        self.type = type
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.customerID = customerID
        self.data = try EventLog.encoder.encode(snapshot)
        self.actor = actor
    }
}
