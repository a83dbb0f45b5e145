import Foundation
import Postgres

/// A job as operators see it, unfinished or finished.
public struct JobRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var tenant: String
    public var kind: String
    /// The payload, as JSON text.
    public var payload: String
    public var priority: Int16
    public var attempt: Int
    public var maxAttempts: Int
    public var state: JobState
    public var uniqueKey: String?
    public var lastError: String?
    /// When it runs (next); `nil` once finished.
    public var runAt: Date?
    public var createdAt: Date
    public var attemptedAt: Date?
    public var finishedAt: Date?
    public var leaseOwner: UUID?
    public var leaseExpiresAt: Date?
    public var cancelRequested: Bool

    init(row: PostgresRow) throws {
        id = try row.decode(at: 0)
        tenant = try row.decode(at: 1)
        kind = try row.decode(at: 2)
        payload = try row.decode(at: 3)
        priority = try row.decode(at: 4)
        attempt = Int(try row.decode(Int32.self, at: 5))
        maxAttempts = Int(try row.decode(Int32.self, at: 6))
        let stateName: String = try row.decode(at: 7)
        guard let state = JobState(rawValue: stateName) else {
            throw PostgresError.unexpectedResult("unknown job state \(stateName)")
        }
        self.state = state
        uniqueKey = try row.decode(at: 8)
        lastError = try row.decode(at: 9)
        runAt = try row.decode(at: 10)
        createdAt = try row.decode(at: 11)
        attemptedAt = try row.decode(at: 12)
        finishedAt = try row.decode(at: 13)
        leaseOwner = try row.decode(at: 14)
        leaseExpiresAt = try row.decode(at: 15)
        cancelRequested = try row.decode(at: 16)
    }
}
