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

    /// `control` as the application role, then `body` in the tenant's context, in one
    /// transaction: for changes that touch the control schema and the tenant's together.
    public func withControlThenTenant<T>(
        _ slug: TenantSlug,
        control: (PostgresConnection) async throws -> Void,
        tenant body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.withTransaction { tx in
            try await control(tx)
            try await tx.execute(TenantRole.prologue(slug: slug, role: role(for: slug)))
            return try await body(tx)
        }
    }
}
