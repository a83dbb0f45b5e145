import Postgres

/// The control schema's record of every change made through the admin API or CLI.
public enum AuditLog {
    /// Appends an entry inside the caller's transaction, so it exists exactly when the change does.
    public static func record(actor: String, action: String, target: String, details: [String: String] = [:], in transaction: PostgresConnection) async throws {
        try await transaction.query(
            "INSERT INTO relance.audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4)",
            [actor, action, target, PostgresJSON(details)])
    }
}
