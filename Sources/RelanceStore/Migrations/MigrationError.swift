import Postgres

/// Why migrations could not be read or applied. Each case names the file or schema involved.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case unreadableDirectory(path: String, reason: String)
    case invalidFileName(String)
    case duplicateVersion(Int, files: [String])
    /// An applied migration's file changed since it was applied.
    case checksumMismatch(file: String, schema: String, applied: String, current: String)
    /// The database has a migration this build does not know while this build also has
    /// migrations to apply: the two histories diverged.
    case unknownApplied(schema: String, version: Int, name: String)
    /// The migration's SQL failed; it was rolled back and stays pending.
    case failed(file: String, schema: String, underlying: PostgresError)
    case invalidSchemaName(String)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "cannot read migrations at \(path): \(reason) (set RELANCE_SQL_DIR)"
        case .invalidFileName(let name):
            return "migration file \(name) is not named NNNN_lowercase_name.sql"
        case .duplicateVersion(let version, let files):
            return "migration version \(version) is used by more than one file: \(files.joined(separator: ", "))"
        case .checksumMismatch(let file, let schema, let applied, let current):
            return "migration \(file) was changed after it was applied to schema \(schema) (applied sha256 \(applied.prefix(12))…, file now \(current.prefix(12))…); add a new migration instead of editing an applied one"
        case .unknownApplied(let schema, let version, let name):
            return "schema \(schema) has migration \(version) (\(name)) applied, which this build does not have, and this build has migrations the schema lacks: the histories diverged; run the build that has both"
        case .failed(let file, let schema, let underlying):
            return "migration \(file) failed on schema \(schema) and was rolled back: \(underlying)"
        case .invalidSchemaName(let name):
            return "\(name) is not a valid schema name"
        }
    }
}
