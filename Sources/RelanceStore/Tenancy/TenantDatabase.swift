import Postgres
import RelanceCore

/// Runs work in a tenant's context: one transaction whose first message is
/// `BEGIN; SET LOCAL ROLE <tenant role>; SET LOCAL search_path = t_<slug>` (one round trip),
/// so unqualified names resolve to the tenant's schema and nothing else is reachable.
public struct TenantDatabase: Sendable {
    public let pool: PostgresPool
    public let rolePrefix: String

    public init(pool: PostgresPool, rolePrefix: String) {
        self.pool = pool
        self.rolePrefix = rolePrefix
    }

    public func role(for slug: TenantSlug) -> TenantRole { TenantRole(slug: slug, prefix: rolePrefix) }

    /// `body` inside the tenant's transaction.
    public func withTransaction<T>(_ slug: TenantSlug, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await pool.withTransaction(prologue: TenantRole.prologue(slug: slug, role: role(for: slug)), body)
    }

    /// `body` in the tenant's context, then `control` as the application role with what
    /// `body` returned, in one transaction: for changes that touch the tenant's schema and the
    /// control schema together (the tenant part decides, e.g. a settings change that an
    /// idempotent replay must not apply again).
    public func withTenantThenControl<T>(
        _ slug: TenantSlug,
        tenant body: (PostgresConnection) async throws -> T,
        control: (PostgresConnection, T) async throws -> Void
    ) async throws -> T {
        try await pool.withTransaction(prologue: TenantRole.prologue(slug: slug, role: role(for: slug))) { tx in
            let value = try await body(tx)
            // Back to the application role; the control statements name their schema.
            try await tx.execute("RESET ROLE; RESET search_path")
            try await control(tx, value)
            return value
        }
    }
}
