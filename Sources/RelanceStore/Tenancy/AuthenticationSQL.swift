import Postgres

/// The statements of API-key authentication, read by `TenantDirectory.access(key:digest:tenant:)`.
enum AuthenticationSQL {
    /// The key by prefix, and the tenant it addresses, in one round trip:
    /// $1 the key's prefix, $2 the presented key's digest, $3 the requested tenant slug (a
    /// firm key's; a tenant key always gets its own tenant). It also records `last_used_at`,
    /// at most once a minute per key, for a key that is not revoked and whose digest matches
    /// (the SQL equality only gates that write; the authentication decision is the
    /// constant-time comparison made by the caller on column 4).
    /// Columns: 0 id, 1 tenant_slug, 2 firm_id, 3 scopes, 4 secret_sha256, 5 revoked, 6…14 the
    /// tenant (`TenantDirectory.tenantColumns`' order), all null when there is no such tenant.
    static let keyAndTenant: PostgresQuery = """
        WITH key AS (
            SELECT id, tenant_slug, firm_id, scopes, secret_sha256, revoked_at IS NOT NULL AS revoked,
                   last_used_at IS NULL OR last_used_at < now() - interval '1 minute' AS stale
            FROM relance.api_keys WHERE prefix = $1
        ), touched AS (
            UPDATE relance.api_keys k SET last_used_at = now()
            FROM key WHERE k.id = key.id AND key.stale AND NOT key.revoked AND key.secret_sha256 = $2
        )
        SELECT key.id, key.tenant_slug, key.firm_id, key.scopes, key.secret_sha256, key.revoked,
               t.slug, t.display_name, t.firm_id, t.status, t.time_zone, t.currency::text, t.locale, t.schema_version, t.created_at
        FROM key LEFT JOIN relance.tenants t ON t.slug = coalesce(key.tenant_slug, $3::text)
        """
}
