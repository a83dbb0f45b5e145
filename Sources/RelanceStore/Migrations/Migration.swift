import Foundation
import RelanceCore

/// One `NNNN_name.sql` file: a version, a name, its SQL and the SHA-256 of its bytes.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// Hex SHA-256 of the file's bytes; an applied file whose bytes change is refused.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Checksum.sha256(sql)
    }

    /// The file name it came from, e.g. `0001_control_schema.sql`.
    public var fileName: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }
}

/// A migration recorded as applied in a schema's `schema_migrations` table.
public struct AppliedMigration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Date
}
