import Foundation
import RelanceCore
import RelanceStore

/// A task as the API returns it.
struct TaskDTO: Encodable {
    var id: String
    var customerID: String
    var kind: String
    var status: String
    var invoiceIds: [String]
    var createdOn: CalendarDate
    var assignee: String?
    var outcome: String?
    var notes: String?
    var completedAt: Date?
    var createdAt: Date

    init(_ task: DunningTaskRecord) {
        id = task.id.uuidString.lowercased()
        customerID = task.customerID.uuidString.lowercased()
        kind = task.kind.rawValue
        status = task.status.rawValue
        invoiceIds = task.invoiceIDs.map { $0.uuidString.lowercased() }
        createdOn = task.createdOn
        assignee = task.assignee
        outcome = task.outcome
        notes = task.notes
        completedAt = task.completedAt
        createdAt = task.createdAt
    }
}
