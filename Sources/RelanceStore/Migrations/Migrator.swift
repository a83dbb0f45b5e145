import Foundation
import Logging
import Postgres

/// Applies a `MigrationSet` to a schema and reports where a schema stands.
///
/// - Each schema records what it has applied in its own `schema_migrations` table (so a
///   tenant schema carries its history wherever it moves), with each file's SHA-256.
/// - A changed applied file, or an applied version this build does not know, is refused
///   before anything runs.
/// - Runners on the same schema are serialised by a session advisory lock, so two
///   `relance migrate` at once apply each migration exactly once.
/// - Each migration runs in its own transaction with `search_path` set to the schema; one
///   that fails is rolled back, stays pending, and stops the run with its error.
public struct Migrator: Sendable {
    /// The control schema's name.
    public static let controlSchema = "relance"
    /// First key of the advisory locks this runner takes (ASCII "RLMG").
    static let lockClass: Int32 = 0x524C_4D47

    public let logger: Logger

    public init(logger: Logger = Logger(label: "relance.migrate")) {
        self.logger = logger
    }

    /// The applied and pending migrations of `schema`; a schema that does not exist yet has
    /// everything pending.
    /// - Throws: `MigrationError.checksumMismatch` if an applied file changed.
    public func status(of set: MigrationSet, schema: String, on connection: PostgresConnection) async throws -> MigrationStatus {
        try Self.validate(schema: schema)
        let exists = try await connection.query(
            "SELECT to_regclass(format('%I.schema_migrations', $1::text)) IS NOT NULL", [schema])[0].decode(Bool.self, at: 0)
        let applied = exists ? try await appliedMigrations(schema: schema, on: connection) : []
        return try Self.compare(set: set, applied: applied, schema: schema)
    }

    /// Applies every pending migration of `set` to `schema` (created if missing), each in its
    /// own transaction, under the schema's advisory lock.
    /// - Returns: the migrations this call applied (empty when already current).
    @discardableResult
    public func migrate(_ set: MigrationSet, schema: String, on connection: PostgresConnection) async throws -> [Migration] {
        try Self.validate(schema: schema)
        let lock: [any PostgresEncodable] = [Self.lockClass, schema]
        try await connection.query("SELECT pg_advisory_lock($1::int4, hashtext($2::text))", lock)
        do {
            let applied = try await migrateLocked(set, schema: schema, on: connection)
            try await connection.query("SELECT pg_advisory_unlock($1::int4, hashtext($2::text))", lock)
            return applied
        } catch {
            // A broken connection releases the lock with its session; otherwise release it now.
            _ = try? await connection.query("SELECT pg_advisory_unlock($1::int4, hashtext($2::text))", lock)
            throw error
        }
    }

    /// Applies every migration of `set` inside the caller's open transaction, to a schema the
    /// caller just created (tenant onboarding: all or nothing with the rest of its work).
    public func applyAll(_ set: MigrationSet, toNewSchema schema: String, in transaction: PostgresConnection) async throws {
        try Self.validate(schema: schema)
        try await transaction.execute(Self.historyTableSQL(schema: schema))
        try await transaction.execute("SET LOCAL search_path = \(identifier: schema)")
        for migration in set.migrations {
            try await apply(migration, schema: schema, on: transaction)
        }
    }

    private func migrateLocked(_ set: MigrationSet, schema: String, on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.execute(
            "CREATE SCHEMA IF NOT EXISTS \(identifier: schema); \(Self.historyTableSQL(schema: schema))")
        let status = try Self.compare(set: set, applied: try await appliedMigrations(schema: schema, on: connection), schema: schema)
        if let newer = status.ahead.first {
            // Ahead and nothing to do: an older build (a rollback) leaves the newer schema be.
            // Ahead with something to do: the histories diverged; applying would guess.
            guard status.pending.isEmpty else {
                throw MigrationError.unknownApplied(schema: schema, version: newer.version, name: newer.name)
            }
            logger.warning("schema is ahead of this build; nothing to apply", metadata: [
                "schema": "\(schema)", "ahead": "\(status.ahead.map(\.version))",
            ])
        }
        for migration in status.pending {
            let started = ContinuousClock.now
            try await connection.withTransaction(prologue: "SET LOCAL search_path = \(identifier: schema)") { tx in
                try await apply(migration, schema: schema, on: tx)
            }
            logger.info("migration applied", metadata: [
                "schema": "\(schema)", "migration": "\(migration.fileName)",
                "duration_ms": "\(Int((ContinuousClock.now - started) / .milliseconds(1)))",
            ])
        }
        return status.pending
    }

    private func apply(_ migration: Migration, schema: String, on transaction: PostgresConnection) async throws {
        do {
            try await transaction.execute(PostgresQuery(unescaped: migration.sql))
            try await transaction.query(
                "INSERT INTO \(qualified: schema, "schema_migrations") (version, name, checksum) VALUES ($1, $2, $3)",
                [migration.version, migration.name, migration.checksum])
        } catch let error as PostgresError {
            throw MigrationError.failed(file: migration.fileName, schema: schema, underlying: error)
        }
    }

    private func appliedMigrations(schema: String, on connection: PostgresConnection) async throws -> [AppliedMigration] {
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM \(qualified: schema, "schema_migrations") ORDER BY version")
        return try rows.map { row in
            AppliedMigration(
                version: try row.decode(Int.self, at: 0), name: try row.decode(String.self, at: 1),
                checksum: try row.decode(String.self, at: 2), appliedAt: try row.decode(Date.self, at: 3))
        }
    }

    static func compare(set: MigrationSet, applied: [AppliedMigration], schema: String) throws(MigrationError) -> MigrationStatus {
        let known = Dictionary(uniqueKeysWithValues: set.migrations.map { ($0.version, $0) })
        var ahead: [AppliedMigration] = []
        for record in applied {
            guard let migration = known[record.version] else {
                ahead.append(record)
                continue
            }
            guard migration.checksum == record.checksum else {
                throw .checksumMismatch(file: migration.fileName, schema: schema, applied: record.checksum, current: migration.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        return MigrationStatus(schema: schema, applied: applied, pending: set.migrations.filter { !appliedVersions.contains($0.version) }, ahead: ahead)
    }

    static func historyTableSQL(schema: String) -> PostgresQuery {
        """
        CREATE TABLE IF NOT EXISTS \(qualified: schema, "schema_migrations") (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    }

    static func validate(schema: String) throws(MigrationError) {
        let valid = !schema.isEmpty && schema.utf8.count <= 63 && schema.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        } && !(schema.first?.isNumber ?? true)
        guard valid else { throw .invalidSchemaName(schema) }
    }
}
