import Foundation
import Postgres
import RelanceStore

/// Writes the event of a change to a customer, a contact or a dunning policy, in the change's transaction:
/// `*.created`/`*.deleted` carry the resource as the API shows it, `*.updated` the fields
/// that changed, with their new values (null when cleared).
struct ChangeEvents: Sendable {
    let log = EventLog()

    func record<Snapshot: Encodable>(_ type: String, subject: String, id: UUID, customer: UUID?, snapshot: Snapshot,
                                     context: TenantRequestContext, in tx: PostgresConnection) async throws {
        let actor = context.actor
        try await log.record(try NewEvent(type: type, subjectType: subject, subjectID: id, customerID: customer, snapshot: snapshot, actor: actor), in: tx)
    }

    /// The top-level fields of `after` that differ from `before` (`updated_at` left out).
    static func changes<T: Encodable>(from before: T, to after: T) throws -> JSONValue {
        let old = try JSONDecoder().decode([String: JSONValue].self, from: try JSONResponse.encode(before))
        let new = try JSONDecoder().decode([String: JSONValue].self, from: try JSONResponse.encode(after))
        var changed: [String: JSONValue] = [:]
        for key in Set(old.keys).union(new.keys) where key != "updated_at" && old[key] != new[key] {
            changed[key] = new[key] ?? .null
        }
        return .object(changed)
    }
}
