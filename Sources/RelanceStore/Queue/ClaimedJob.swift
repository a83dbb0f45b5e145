import Foundation
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

    /// The payload decoded as `T`.
    public func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }

    /// Whether this is the last attempt the job gets.
    public var isLastAttempt: Bool { attempt >= maxAttempts }
}
