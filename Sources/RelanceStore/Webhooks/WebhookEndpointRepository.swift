import Foundation
import Postgres
import RelanceCore

/// A tenant's webhook endpoints and their delivery attempts, as the API manages them. Runs
/// in the caller's tenant transaction. URLs are checked by the caller (`WebhookURLPolicy`);
/// secrets are generated here and returned only by `create` and `rotateSecret`.
public struct WebhookEndpointRepository: Sendable {
    public init() {}

    /// Stores a new active endpoint with a new secret; returns both (the secret is not kept
    /// anywhere the API reads again).
    public func create(url: String, eventTypes: [WebhookEventType], description: String?,
                       in tx: PostgresConnection) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        let id = UUID(), secret = WebhookSecret.generate()
        try await tx.query(WebhookSQL.insert, [id, url, eventTypes.map(\.rawValue), secret, description])
        return (try await endpoint(id, in: tx), secret)
    }

    /// Endpoints in creation order, `limit` after endpoint `after`.
    public func list(after: UUID?, limit: Int, in tx: PostgresConnection) async throws -> [WebhookEndpoint] {
        try await tx.query(WebhookSQL.list, [after, limit]).map(Self.endpoint(from:))
    }

    /// - Throws: `ReceivablesError.notFound`.
    public func endpoint(_ id: UUID, lock: Bool = false, in tx: PostgresConnection) async throws -> WebhookEndpoint {
        guard let row = try await tx.query(lock ? WebhookSQL.selectForUpdate : WebhookSQL.select, [id]).first else {
            throw ReceivablesError.notFound("webhook endpoint \(id.uuidString.lowercased())")
        }
        return try Self.endpoint(from: row)
    }

    /// Applies `change`; returns the endpoint before and after.
    /// - Throws: `ReceivablesError.notFound`.
    public func update(_ id: UUID, _ change: WebhookEndpointChange,
                       in tx: PostgresConnection) async throws -> (before: WebhookEndpoint, after: WebhookEndpoint) {
        let before = try await endpoint(id, lock: true, in: tx)
        let description: String? = change.description.flatMap { $0 }
        try await tx.query(WebhookSQL.update, [
            id, change.url, change.eventTypes.map { $0.map(\.rawValue) }, change.description != nil, description, change.status?.rawValue,
        ])
        return (before, try await endpoint(id, in: tx))
    }

    /// Replaces the secret with a new one, returned once. Deliveries signed from now on use it.
    /// - Throws: `ReceivablesError.notFound`.
    public func rotateSecret(_ id: UUID, in tx: PostgresConnection) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        _ = try await endpoint(id, lock: true, in: tx)
        let secret = WebhookSecret.generate()
        try await tx.query(WebhookSQL.rotate, [id, secret])
        return (try await endpoint(id, in: tx), secret)
    }

    /// Deletes the endpoint and its attempts; deliveries still queued for it end without a request.
    /// - Throws: `ReceivablesError.notFound`.
    public func delete(_ id: UUID, in tx: PostgresConnection) async throws -> WebhookEndpoint {
        let current = try await endpoint(id, lock: true, in: tx)
        try await tx.query(WebhookSQL.delete, [id])
        return current
    }

    /// The endpoint's attempts newest first: `limit` with an id below `before` (all when nil).
    /// - Throws: `ReceivablesError.notFound` for an unknown endpoint.
    public func deliveries(of id: UUID, before: Int64?, limit: Int, in tx: PostgresConnection) async throws -> [WebhookDelivery] {
        _ = try await endpoint(id, in: tx)
        return try await tx.query(WebhookSQL.deliveries, [id, before, Int64(limit)]).map { row in
            WebhookDelivery(
                id: try row.decode(Int64.self, at: 0), endpointID: try row.decode(UUID.self, at: 1), eventID: try row.decode(Int64.self, at: 2),
                eventType: try row.decode(String.self, at: 3), attempt: try row.decode(Int.self, at: 4),
                status: WebhookDelivery.Status(rawValue: try row.decode(String.self, at: 5)) ?? .failed,
                responseStatus: try row.decode(Int?.self, at: 6), responseExcerpt: try row.decode(String?.self, at: 7),
                error: try row.decode(String?.self, at: 8), durationMilliseconds: try row.decode(Int.self, at: 9),
                nextAttemptAt: try row.decode(Date?.self, at: 10), attemptedAt: try row.decode(Date.self, at: 11))
        }
    }

    static func endpoint(from row: PostgresRow) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.decode(UUID.self, at: 0), url: try row.decode(String.self, at: 1), eventTypes: try row.decode([String].self, at: 2),
            description: try row.decode(String?.self, at: 3),
            status: WebhookEndpoint.Status(rawValue: try row.decode(String.self, at: 4)) ?? .disabled,
            failingSince: try row.decode(Date?.self, at: 5), disabledAt: try row.decode(Date?.self, at: 6),
            disabledReason: try row.decode(String?.self, at: 7), createdAt: try row.decode(Date.self, at: 8),
            updatedAt: try row.decode(Date.self, at: 9))
    }
}
