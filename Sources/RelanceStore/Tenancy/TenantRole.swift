import Postgres
import RelanceCore

/// The NOLOGIN role a tenant's requests and jobs run as (`SET LOCAL ROLE`): it can use its
/// own schema and nothing else, so a bug that names another tenant's schema is refused by
/// PostgreSQL itself.
///
/// Roles are global to a PostgreSQL cluster while schemas are per database, so role names
/// carry a prefix (`RELANCE_TENANT_ROLE_PREFIX`, default `relance_`) that keeps two Relance
/// databases on one cluster apart: `<prefix>t_<slug>`.
public struct TenantRole: Sendable, Equatable {
    public let name: String

    public init(slug: TenantSlug, prefix: String) {
        name = prefix + slug.schemaName
    }

    /// The statements, sent with `BEGIN` in one message, that put a transaction in the
    /// tenant's context: its role and its schema first on the search path.
    public static func prologue(slug: TenantSlug, role: TenantRole) -> PostgresQuery {
        "SET LOCAL ROLE \(identifier: role.name); SET LOCAL search_path = \(identifier: slug.schemaName)"
    }

    /// Whether `prefix` can prefix role names: lowercase letters, digits and `_`, at most 20.
    public static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.count <= 20 && prefix.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
