import Foundation
import Postgres
import RelanceCore

/// Reads and changes the control schema's firms, tenants and API keys. Every change is
/// written to the audit log in the same transaction.
public struct TenantDirectory: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    // MARK: Firms

    public func createFirm(name: String, actor: String) async throws -> Firm {
        try await pool.withTransaction { tx in
            let row = try await tx.query("INSERT INTO relance.firms (name) VALUES ($1) RETURNING id, name, created_at", [name])[0]
            let firm = Firm(id: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1), createdAt: try row.decode(Date.self, at: 2))
            try await AuditLog.record(actor: actor, action: "firm.create", target: "firm:\(firm.id.uuidString.lowercased())", details: ["name": name], in: tx)
            return firm
        }
    }

    /// Firms in creation order, `limit` at a time after the cursor (a firm id).
    public func firms(after cursor: UUID?, limit: Int) async throws -> [Firm] {
        let rows = try await pool.query(
            """
            SELECT id, name, created_at FROM relance.firms
            WHERE $1::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM relance.firms WHERE id = $1)
            ORDER BY created_at, id LIMIT $2
            """, [cursor, limit])
        return try rows.map { Firm(id: try $0.decode(UUID.self, at: 0), name: try $0.decode(String.self, at: 1), createdAt: try $0.decode(Date.self, at: 2)) }
    }

    // MARK: Tenants

    static let tenantColumns = "slug, display_name, firm_id, status, time_zone, currency::text, locale, schema_version, created_at"

    static func tenant(from row: PostgresRow) throws -> Tenant {
        Tenant(
            slug: try TenantSlug(try row.decode(String.self, at: 0)), displayName: try row.decode(String.self, at: 1),
            firmID: try row.decode(UUID?.self, at: 2), status: Tenant.Status(rawValue: try row.decode(String.self, at: 3)) ?? .suspended,
            timeZone: try row.decode(String.self, at: 4), currency: try row.decode(String.self, at: 5), locale: try row.decode(String.self, at: 6),
            schemaVersion: try row.decode(Int.self, at: 7), createdAt: try row.decode(Date.self, at: 8))
    }

    public func tenant(_ slug: String) async throws -> Tenant? {
        let rows = try await pool.query("SELECT \(unescaped: Self.tenantColumns) FROM relance.tenants WHERE slug = $1", [slug])
        return try rows.first.map(Self.tenant(from:))
    }

    /// Tenants by slug, `limit` at a time after `cursor` (a slug), optionally of one firm.
    public func tenants(after cursor: String?, limit: Int, firm: UUID? = nil) async throws -> [Tenant] {
        let rows = try await pool.query(
            """
            SELECT \(unescaped: Self.tenantColumns) FROM relance.tenants
            WHERE ($1::text IS NULL OR slug > $1) AND ($2::uuid IS NULL OR firm_id = $2)
            ORDER BY slug LIMIT $3
            """, [cursor, firm, limit])
        return try rows.map(Self.tenant(from:))
    }

    /// Active and revoked key counts of a tenant.
    public func keyCounts(tenant slug: String) async throws -> (active: Int, revoked: Int) {
        let row = try await pool.query(
            "SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FILTER (WHERE revoked_at IS NOT NULL) FROM relance.api_keys WHERE tenant_slug = $1",
            [slug])[0]
        return (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1))
    }

    /// Suspends (`active` → `suspended`) or resumes (`suspended` → `active`) a tenant.
    public func setStatus(_ slug: String, to status: Tenant.Status, actor: String) async throws -> Tenant {
        let from: Tenant.Status = status == .suspended ? .active : .suspended
        return try await pool.withTransaction { tx in
            let rows = try await tx.query(
                "UPDATE relance.tenants SET status = $2, updated_at = now() WHERE slug = $1 AND status = $3 RETURNING \(unescaped: Self.tenantColumns)",
                [slug, status.rawValue, from.rawValue])
            guard let row = rows.first else {
                let current = try await tx.query("SELECT status FROM relance.tenants WHERE slug = $1", [slug])
                guard let state = current.first else { throw TenancyError.tenantNotFound(slug) }
                let name = try state.decode(String.self, at: 0)
                if name == status.rawValue { return try Self.tenant(from: try await tx.query("SELECT \(unescaped: Self.tenantColumns) FROM relance.tenants WHERE slug = $1", [slug])[0]) }
                throw TenancyError.invalidStatus(slug: slug, status: name, action: status == .suspended ? "suspended" : "resumed")
            }
            try await AuditLog.record(actor: actor, action: status == .suspended ? "tenant.suspend" : "tenant.resume", target: "tenant:\(slug)", in: tx)
            return try Self.tenant(from: row)
        }
    }

    // MARK: API keys

    /// Creates a key for a tenant or a firm (exactly one). The returned `APIKey` is the only
    /// copy of its secret.
    public func createKey(tenant: String?, firm: UUID?, name: String, scopes: [String], actor: String) async throws -> (APIKeyRecord, APIKey) {
        let key = APIKey.generate()
        return try await pool.withTransaction { tx in
            if let tenant {
                guard try await !tx.query("SELECT 1 FROM relance.tenants WHERE slug = $1 AND status <> 'offboarding'", [tenant]).isEmpty else {
                    throw TenancyError.tenantNotFound(tenant)
                }
            }
            if let firm {
                guard try await !tx.query("SELECT 1 FROM relance.firms WHERE id = $1", [firm]).isEmpty else {
                    throw TenancyError.firmNotFound(firm.uuidString.lowercased())
                }
            }
            let row = try await tx.query(
                """
                INSERT INTO relance.api_keys (tenant_slug, firm_id, name, prefix, secret_sha256, scopes) VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING \(unescaped: Self.keyColumns)
                """, [tenant, firm, name, key.prefix, key.digest, scopes])[0]
            let record = try Self.key(from: row)
            try await AuditLog.record(actor: actor, action: "api_key.create", target: "api_key:\(record.id.uuidString.lowercased())",
                                      details: ["tenant": tenant ?? "", "firm": firm?.uuidString.lowercased() ?? "", "prefix": key.prefix], in: tx)
            return (record, key)
        }
    }

    /// Revokes a key; revoking a revoked key changes nothing.
    public func revokeKey(_ id: UUID, actor: String) async throws -> APIKeyRecord {
        try await pool.withTransaction { tx in
            let rows = try await tx.query(
                "UPDATE relance.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING \(unescaped: Self.keyColumns)", [id])
            guard let row = rows.first else { throw TenancyError.apiKeyNotFound(id.uuidString.lowercased()) }
            try await AuditLog.record(actor: actor, action: "api_key.revoke", target: "api_key:\(id.uuidString.lowercased())", in: tx)
            return try Self.key(from: row)
        }
    }

    /// The principal a presented bearer token stands for, or nil for an unknown, malformed
    /// or revoked key. The digest is compared in constant time.
    public func authenticate(token: String) async throws -> Principal? {
        guard let key = APIKey(token: token) else { return nil }
        let rows = try await pool.query(
            "SELECT id, tenant_slug, firm_id, scopes, secret_sha256, revoked_at IS NOT NULL, last_used_at < now() - interval '1 minute' OR last_used_at IS NULL FROM relance.api_keys WHERE prefix = $1",
            [key.prefix])
        guard let row = rows.first, ConstantTime.equals(try row.decode(String.self, at: 4), key.digest), try !row.decode(Bool.self, at: 5) else {
            return nil
        }
        let id = try row.decode(UUID.self, at: 0)
        if try row.decode(Bool.self, at: 6) {
            // At most one write a minute per key, not one per request.
            try await pool.query("UPDATE relance.api_keys SET last_used_at = now() WHERE id = $1", [id])
        }
        return Principal(keyID: id, tenantSlug: try row.decode(String?.self, at: 1), firmID: try row.decode(UUID?.self, at: 2),
                         scopes: Set(try row.decode([String].self, at: 3)))
    }

    static let keyColumns = "id, tenant_slug, firm_id, name, prefix, scopes, created_at, last_used_at, revoked_at"

    static func key(from row: PostgresRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode(UUID.self, at: 0), tenantSlug: try row.decode(String?.self, at: 1), firmID: try row.decode(UUID?.self, at: 2),
            name: try row.decode(String.self, at: 3), prefix: try row.decode(String.self, at: 4), scopes: try row.decode([String].self, at: 5),
            createdAt: try row.decode(Date.self, at: 6), lastUsedAt: try row.decode(Date?.self, at: 7), revokedAt: try row.decode(Date?.self, at: 8))
    }
}
