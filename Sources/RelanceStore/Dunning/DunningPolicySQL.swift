import Postgres

/// The SQL of `DunningPolicyRepository`, run in the tenant's context.
enum DunningPolicySQL {
    static let columns = """
        p.id, p.name, p.steps, p.is_default,
        (SELECT count(*) FROM customers c WHERE c.dunning_policy_id = p.id)::int8, p.created_at, p.updated_at
        """
    static let select: PostgresQuery = "SELECT \(unescaped: columns) FROM dunning_policies p WHERE p.id = $1"
    static let selectForUpdate: PostgresQuery = "SELECT \(unescaped: columns) FROM dunning_policies p WHERE p.id = $1 FOR UPDATE OF p"
    /// In creation order after policy $1 (or from the first when null), $2 rows.
    static let list: PostgresQuery = """
        SELECT \(unescaped: columns) FROM dunning_policies p
        WHERE $1::uuid IS NULL OR (p.created_at, p.id) > (SELECT created_at, id FROM dunning_policies WHERE id = $1)
        ORDER BY p.created_at, p.id LIMIT $2
        """
    static let insert: PostgresQuery = "INSERT INTO dunning_policies (id, name, steps) VALUES ($1, $2, $3)"
    static let update: PostgresQuery = """
        UPDATE dunning_policies SET name = coalesce($2, name), steps = coalesce($3, steps), updated_at = now() WHERE id = $1
        """
    /// The first half of making $1 the default: no other policy is (the unique index allows one).
    static let clearDefault: PostgresQuery = "UPDATE dunning_policies SET is_default = false, updated_at = now() WHERE is_default AND id <> $1"
    static let makeDefault: PostgresQuery = "UPDATE dunning_policies SET is_default = true, updated_at = now() WHERE id = $1"
    static let delete: PostgresQuery = "DELETE FROM dunning_policies WHERE id = $1"
}
