import Foundation
import Logging
import Postgres
import RelanceCore

/// Creates tenants: schema, role, migrations, default settings and first API key, all in
/// one transaction, so a failure anywhere leaves no schema, no role and no row behind.
public struct TenantProvisioner: Sendable {
    public let pool: PostgresPool
    public let tenantMigrations: MigrationSet
    public let rolePrefix: String
    /// How the first key is stored.
    public let keyHasher: APIKeyHasher
    public let logger: Logger

    public init(
        pool: PostgresPool, tenantMigrations: MigrationSet, rolePrefix: String, keyHasher: APIKeyHasher = APIKeyHasher(),
        logger: Logger = Logger(label: "relance.tenancy")
    ) {
        self.pool = pool
        self.tenantMigrations = tenantMigrations
        self.rolePrefix = rolePrefix
        self.keyHasher = keyHasher
        self.logger = logger
    }

    /// Onboards `new` and returns it with its first key (the only time the key is shown).
    /// - Parameter afterSchema: a test hook run inside the transaction once the schema exists.
    /// - Throws: `TenancyError.slugTaken`, `.firmNotFound`, or a `PostgresError`.
    public func create(
        _ new: NewTenant, actor: String, keyName: String = "default",
        afterSchema: (@Sendable () async throws -> Void)? = nil
    ) async throws -> (tenant: Tenant, key: APIKey, keyID: UUID) {
        let slug = new.slug
        let role = TenantRole(slug: slug, prefix: rolePrefix).name
        let schema = slug.schemaName
        let key = APIKey.generate()
        do {
            return try await pool.withTransaction { tx in
                if let firm = new.firmID {
                    let exists = try await tx.query("SELECT 1 FROM relance.firms WHERE id = $1", [firm])
                    guard !exists.isEmpty else { throw TenancyError.firmNotFound(firm.uuidString.lowercased()) }
                }
                try await tx.query(
                    """
                    INSERT INTO relance.tenants (slug, display_name, firm_id, time_zone, currency, locale)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """,
                    [slug.rawValue, new.displayName, new.firmID, new.timeZone, new.currency, new.locale])
                // The role gets no database privilege (no TEMPORARY: a temporary table would
                // shadow the tenant's tables; PUBLIC lost it in control migration 0004).
                // Default privileges before the migrations create tables: every table a
                // migration adds, now or later, is granted to the tenant role by name-free
                // rules that do not scan the catalog (docs/benchmarks.md, "tenants").
                try await tx.execute("""
                    CREATE SCHEMA \(identifier: schema);
                    CREATE ROLE \(identifier: role) NOLOGIN;
                    GRANT \(identifier: role) TO CURRENT_USER;
                    GRANT USAGE ON SCHEMA \(identifier: schema) TO \(identifier: role);
                    ALTER DEFAULT PRIVILEGES IN SCHEMA \(identifier: schema) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(identifier: role);
                    ALTER DEFAULT PRIVILEGES IN SCHEMA \(identifier: schema) GRANT USAGE, SELECT ON SEQUENCES TO \(identifier: role)
                    """)
                if let afterSchema { try await afterSchema() }
                try await Migrator(logger: logger).applyAll(tenantMigrations, toNewSchema: slug.schemaName, in: tx)
                try await tx.execute("REVOKE ALL ON \(qualified: schema, "schema_migrations") FROM \(identifier: role)")
                try await tx.query(
                    "INSERT INTO \(qualified: schema, "settings") (display_name, time_zone, currency, locale) VALUES ($1, $2, $3, $4)",
                    [new.displayName, new.timeZone, new.currency, new.locale])
                let version = tenantMigrations.migrations.last?.version ?? 0
                let row = try await tx.query(
                    "UPDATE relance.tenants SET schema_version = $2 WHERE slug = $1 RETURNING created_at", [slug.rawValue, version])
                let keyID = try await tx.query(
                    "INSERT INTO relance.api_keys (tenant_slug, name, prefix, secret_sha256, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    [slug.rawValue, keyName, key.prefix, keyHasher.storedDigest(of: key), ["read", "write"]])[0].decode(UUID.self, at: 0)
                try await AuditLog.record(actor: actor, action: "tenant.create", target: "tenant:\(slug)",
                                          details: ["firm_id": new.firmID?.uuidString.lowercased() ?? "", "key_prefix": key.prefix], in: tx)
                let tenant = Tenant(
                    slug: slug, displayName: new.displayName, firmID: new.firmID, status: .active, timeZone: new.timeZone,
                    currency: new.currency, locale: new.locale, schemaVersion: version, createdAt: try row[0].decode(Date.self, at: 0))
                return (tenant, key, keyID)
            }
        } catch let error as PostgresError where error.sqlState == SQLState.uniqueViolation {
            throw TenancyError.slugTaken(slug.rawValue)
        } catch let error as PostgresError where error.sqlState == "42P06" || error.sqlState == "42710" {
            // A schema or role of that name exists without a tenant row (left by hand).
            throw TenancyError.slugTaken(slug.rawValue)
        }
    }
}
