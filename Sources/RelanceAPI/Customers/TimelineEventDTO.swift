import Foundation
import RelanceStore

/// One event of `GET /v1/customers/{id}/timeline`; `data` is the event's JSON snapshot.
struct TimelineEventDTO: Encodable, Sendable {
    var id: Int64
    var type: String
    var occurredAt: Date
    var subjectType: String
    var subjectID: String
    var data: JSONValue
    var actor: String

    init(_ event: TimelineEvent) throws {
        id = event.id
        type = event.type
        occurredAt = event.occurredAt
        subjectType = event.subjectType
        subjectID = event.subjectID.uuidString.lowercased()
        data = try JSONDecoder().decode(JSONValue.self, from: event.data)
        actor = event.actor
    }
}
