import Foundation
import Postgres
import RelanceCore

/// The tenant's `events` table: every change to the ledger (a customer created, an invoice
/// issued, a payment reversed) writes one row in the transaction of the change, through
/// `record`. The customer timeline reads it back.
public struct EventLog: Sendable {
    public init() {}

    /// How snapshots are encoded: snake_case keys, sorted, dates as ISO 8601.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Writes `event` in `tx` (a tenant transaction) and returns its id.
    @discardableResult
    public func record(_ event: NewEvent, in tx: PostgresConnection) async throws -> Int64 {
        let rows = try await tx.query(EventSQL.insert(event))
        return try rows[0].decode(Int64.self, at: 0)
    }
}
