import Foundation
import Postgres
import RelanceCore

/// The tenant's `events` table: every change to the ledger (a customer created, an invoice
/// issued, a payment reversed) writes one row in the transaction of the change, through
/// `record`. The customer timeline reads it back.
///
/// Recording an event also enqueues, in the same transaction, one `webhook.deliver` job per
/// active webhook endpoint subscribed to its type (`WebhookFanout`): an event rolled back is
/// never delivered, and one committed always is.
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

    /// Writes `event` in `tx` (a tenant transaction) and returns its id; enqueues its webhook
    /// deliveries (no round trip when no endpoint wants it).
    @discardableResult
    public func record(_ event: NewEvent, in tx: PostgresConnection) async throws -> Int64 {
        let row = try await tx.query(EventSQL.insert(event))[0]
        let id = try row.decode(Int64.self, at: 0)
        if let endpoints = try row.decode([String]?.self, at: 1), !endpoints.isEmpty {
            try await WebhookFanout.enqueue(endpoints.map { (eventID: id, endpointID: $0) }, schema: try row.decode(String.self, at: 2), in: tx)
        }
        return id
    }

    /// Writes `events` in one statement, in their order, and enqueues their webhook deliveries
    /// with one more (none when no endpoint wants any of them).
    public func record(_ events: [NewEvent], in tx: PostgresConnection) async throws {
        guard !events.isEmpty else { return }
        let rows = try await tx.query(EventSQL.insertMany, [
            events.map(\.type), events.map(\.subjectType), events.map { $0.subjectID.uuidString },
            events.map { $0.customerID?.uuidString }, events.map { String(decoding: $0.data, as: UTF8.self) }, events.map(\.actor),
        ])
        guard let schema = try rows.first?.decode(String.self, at: 2) else { return }
        let deliveries = try rows.map { (eventID: try $0.decode(Int64.self, at: 0), endpointID: try $0.decode(String.self, at: 1)) }
        try await WebhookFanout.enqueue(deliveries, schema: schema, in: tx)
    }

    /// The customer's events, newest first: `limit` rows with an id below `before` (all when nil).
    public func timeline(customer customerID: UUID, before: Int64?, limit: Int, in tx: PostgresConnection) async throws -> [TimelineEvent] {
        let rows = try await tx.query(EventSQL.timeline, [customerID, before, Int64(limit)])
        return try rows.map { row in
            TimelineEvent(
                id: try row.decode(Int64.self, at: 0), type: try row.decode(String.self, at: 1), occurredAt: try row.decode(Date.self, at: 2),
                subjectType: try row.decode(String.self, at: 3), subjectID: try row.decode(UUID.self, at: 4),
                customerID: try row.decode(UUID?.self, at: 5), data: Data(try row.decode(String.self, at: 6).utf8),
                actor: try row.decode(String.self, at: 7))
        }
    }
}
