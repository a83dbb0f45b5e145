import Foundation
import Logging
import Postgres
import RelanceCore

/// Offboards a tenant: marks it `offboarding` (its keys stop working), exports every table
/// of its schema to `<export directory>/<slug>-<created epoch>.tar.gz` (one CSV per table
/// and `manifest.json` with row counts and SHA-256 checksums), then drops the schema and
/// the role and deletes the tenant, in that order. Interrupted anywhere and run again, it
/// finishes; once finished, the tenant is gone (`tenantNotFound`).
public struct TenantOffboarding: Sendable {
    public struct ExportedTable: Sendable, Codable, Equatable {
        public var table: String
        public var file: String
        public var rows: Int
        public var sha256: String
    }

    public struct Report: Sendable, Codable {
        public var slug: String
        public var archive: String
        public var tables: [ExportedTable]
    }

    struct Manifest: Codable {
        var tenant: String
        var schema: String
        var exportedAt: Date
        var tables: [ExportedTable]
    }

    public let pool: PostgresPool
    public let rolePrefix: String
    public let exportDirectory: URL

    public init(pool: PostgresPool, rolePrefix: String, exportDirectory: URL) {
        self.pool = pool
        self.rolePrefix = rolePrefix
        self.exportDirectory = exportDirectory
    }

    /// - Parameter afterExport: a test hook run once the archive is written, before the drop.
    public func offboard(_ slug: TenantSlug, actor: String, afterExport: (@Sendable () async throws -> Void)? = nil) async throws -> Report {
        let createdAt = try await pool.withTransaction { tx -> Date in
            let rows = try await tx.query(
                "UPDATE relance.tenants SET status = 'offboarding', updated_at = now() WHERE slug = $1 RETURNING created_at", [slug.rawValue])
            guard let row = rows.first else { throw TenancyError.tenantNotFound(slug.rawValue) }
            try await AuditLog.record(actor: actor, action: "tenant.offboard.start", target: "tenant:\(slug)", in: tx)
            return try row.decode(Date.self, at: 0)
        }
        let archiveName = "\(slug.rawValue)-\(Int(createdAt.timeIntervalSince1970)).tar.gz"
        let tables = try await export(slug, to: archiveName)
        if let afterExport { try await afterExport() }
        let role = TenantRole(slug: slug, prefix: rolePrefix)
        try await pool.withTransaction { tx in
            try await tx.execute("""
                DROP SCHEMA IF EXISTS \(identifier: slug.schemaName) CASCADE;
                DROP ROLE IF EXISTS \(identifier: role.name)
                """)
            try await tx.query("DELETE FROM relance.tenants WHERE slug = $1", [slug.rawValue])
            try await AuditLog.record(actor: actor, action: "tenant.offboard.finish", target: "tenant:\(slug)",
                                      details: ["archive": archiveName, "tables": String(tables.count)], in: tx)
        }
        return Report(slug: slug.rawValue, archive: archiveName, tables: tables)
    }

    /// Writes the archive (atomically: a temporary file renamed into place) from one
    /// consistent snapshot. Re-exporting the same tenant writes the same file name again.
    private func export(_ slug: TenantSlug, to archiveName: String) async throws -> [ExportedTable] {
        let schema = slug.schemaName
        let (tables, files) = try await pool.withTransaction(isolation: .repeatableRead, readOnly: true) { tx in
            let names = try await tx.query(
                """
                SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname
                """, [schema]).map { try $0.decode(String.self, at: 0) }
            var tables: [ExportedTable] = []
            var files: [(String, [UInt8])] = []
            for name in names {
                let csv = try await tx.copyTo("COPY \(qualified: schema, name) TO STDOUT WITH (FORMAT csv, HEADER)")
                let rows = try await tx.query("SELECT count(*) FROM \(qualified: schema, name)")[0].decode(Int.self, at: 0)
                let file = "tables/\(name).csv"
                tables.append(ExportedTable(table: name, file: file, rows: rows, sha256: SHA256.hexDigest(of: csv)))
                files.append((file, csv))
            }
            return (tables, files)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        let manifest = try encoder.encode(Manifest(tenant: slug.rawValue, schema: schema, exportedAt: Date(), tables: tables))
        var archive = TarArchive()
        archive.add(name: "manifest.json", contents: Array(manifest))
        for (name, contents) in files { archive.add(name: name, contents: contents) }
        try FileManager.default.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
        let destination = exportDirectory.appendingPathComponent(archiveName)
        let temporary = exportDirectory.appendingPathComponent(".\(archiveName).partial")
        try Data(Gzip.wrap(archive.finished())).write(to: temporary)
        if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
        try FileManager.default.moveItem(at: temporary, to: destination)
        return tables
    }
}
