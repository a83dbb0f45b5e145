import Foundation
import Postgres
import RelanceCore

/// A job leased to this worker for one attempt: what a handler receives.
public struct ClaimedJob: Sendable, Identifiable {
    public var id: Int64
    public var tenant: TenantSlug
    public var kind: String
    /// The payload, as JSON text.
    public var payload: String
    public var priority: Int16
    /// This attempt's number, from 1.
    public var attempt: Int
    public var maxAttempts: Int
    public var uniqueKey: String?
    public var createdAt: Date
    /// An operator cancelled it before this attempt started running.
    var cancelRequested: Bool = false

    /// A job as a handler would receive it (for handler tests).
    public init(
        id: Int64, tenant: TenantSlug, kind: String, payload: String, priority: Int16 = 2, attempt: Int = 1,
        maxAttempts: Int = 20, uniqueKey: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.tenant = tenant
        self.kind = kind
        self.payload = payload
        self.priority = priority
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
        self.createdAt = createdAt
    }

    /// The payload decoded as `T`.
    public func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }

    /// Whether this is the last attempt the job gets.
    public var isLastAttempt: Bool { attempt >= maxAttempts }
}

extension ClaimedJob {
    /// Reads a row of `QueueSQL.claim`.
    init(row: PostgresRow) throws {
        id = try row.decode(at: 0)
        let tenantName: String = try row.decode(at: 1)
        tenant = try TenantSlug(tenantName)
        kind = try row.decode(at: 2)
        payload = try row.decode(at: 3)
        priority = try row.decode(at: 4)
        attempt = Int(try row.decode(Int32.self, at: 5))
        maxAttempts = Int(try row.decode(Int32.self, at: 6))
        uniqueKey = try row.decode(at: 7)
        createdAt = try row.decode(at: 8)
        cancelRequested = try row.decode(at: 9)
    }
}
