import Foundation
import Postgres

/// The records behind `Idempotency-Key`: per tenant in the tenant's schema (written in the
/// request's own transaction, so the stored response commits with the change), and per
/// scope in the control schema for the admin API (claimed, then completed or released,
/// because the admin operations open their own transactions).
///
/// A fingerprint names the request (method, path, canonical body); the same key with
/// another fingerprint is a `.mismatch`.
public struct IdempotencyRepository: Sendable {
    public init() {}

    // MARK: Tenant (inside the tenant's transaction)

    /// Takes the key for this transaction and reports what is recorded for it; expired
    /// records (24 h) are deleted first.
    public func begin(key: String, fingerprint: String, in tx: PostgresConnection) async throws -> IdempotencyLookup {
        guard try await tx.query(IdempotencySQL.lockTenant, [key])[0].decode(Bool.self, at: 0) else { return .inFlight }
        try await tx.query(IdempotencySQL.pruneTenant)
        guard let row = try await tx.query(IdempotencySQL.findTenant, [key]).first else { return .new }
        return try Self.lookup(row, fingerprint: fingerprint)
    }

    /// Records the response to `key`; commits or rolls back with the caller's transaction.
    public func record(key: String, fingerprint: String, response: StoredResponse, in tx: PostgresConnection) async throws {
        try await tx.query(IdempotencySQL.insertTenant,
                           [key, fingerprint, response.status, response.contentType, response.etag, response.body])
    }

    // MARK: Control schema (own transactions)

    /// Claims `key` in `scope`, or reports the record that holds it.
    public func claim(scope: String, key: String, fingerprint: String, pool: PostgresPool) async throws -> IdempotencyLookup {
        try await pool.withTransaction { tx in
            try await tx.query(IdempotencySQL.pruneControl, [scope])
            if !(try await tx.query(IdempotencySQL.claimControl, [scope, key, fingerprint])).isEmpty { return .new }
            guard let row = try await tx.query(IdempotencySQL.findControl, [scope, key]).first else { return .inFlight }
            return try Self.lookup(row, fingerprint: fingerprint)
        }
    }

    /// Stores the response of a claimed key.
    public func complete(scope: String, key: String, response: StoredResponse, pool: PostgresPool) async throws {
        try await pool.query(IdempotencySQL.completeControl,
                             [scope, key, response.status, response.contentType, response.etag, response.body])
    }

    /// Gives a claimed key back (the request failed): the next request with it runs afresh.
    public func release(scope: String, key: String, pool: PostgresPool) async throws {
        try await pool.query(IdempotencySQL.releaseControl, [scope, key])
    }

    static func lookup(_ row: PostgresRow, fingerprint: String) throws -> IdempotencyLookup {
        // A request still in flight is 409 whatever its body: its outcome is not known yet.
        guard let status = try row.decode(Int?.self, at: 1) else { return .inFlight }
        guard try row.decode(String.self, at: 0) == fingerprint else { return .mismatch }
        return .replay(StoredResponse(
            status: status, contentType: try row.decode(String?.self, at: 2), etag: try row.decode(String?.self, at: 3),
            body: try row.decode(Data?.self, at: 4) ?? Data()))
    }
}
