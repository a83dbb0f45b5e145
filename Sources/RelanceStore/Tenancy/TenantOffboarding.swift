import Foundation
import Logging
import Postgres
import RelanceCore

/// Offboards a tenant: marks it `offboarding` (its keys stop working), exports every table
/// of its schema to `<export directory>/<slug>-<created epoch>.tar.gz` (one CSV per table,
/// then `manifest.json` with row counts, sizes and SHA-256 checksums), streamed and
/// deflate-compressed (docs/operations.md, "Offboarding"), then drops the schema and
/// the role and deletes the tenant, in that order. Interrupted anywhere and run again, it
/// finishes; once finished, the tenant is gone (`tenantNotFound`).
public struct TenantOffboarding: Sendable {
    public struct ExportedTable: Sendable, Codable, Equatable {
        public var table: String
        public var file: String
        public var rows: Int
        /// Size of the CSV file, in bytes.
        public var bytes: Int
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
    /// Bytes per COPY chunk and per archive write: what memory holds of a table at a time.
    public let chunkSize: Int

    public init(pool: PostgresPool, rolePrefix: String, exportDirectory: URL, chunkSize: Int = 256 * 1024) {
        self.pool = pool
        self.rolePrefix = rolePrefix
        self.exportDirectory = exportDirectory
        self.chunkSize = chunkSize
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
    ///
    /// Each table is streamed: its COPY output goes chunk by chunk to a spool file (its
    /// SHA-256 computed on the way), then from the spool into the compressed archive, and
    /// the spool is removed; memory holds a few chunks, never a table. The manifest, which
    /// needs every checksum, is the archive's last member.
    private func export(_ slug: TenantSlug, to archiveName: String) async throws -> [ExportedTable] {
        let schema = slug.schemaName
        let files = FileManager.default
        try files.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
        let spools = exportDirectory.appendingPathComponent(".\(archiveName).spool")
        try? files.removeItem(at: spools)
        try files.createDirectory(at: spools, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: spools) }
        let archive = try ExportArchive(
            temporary: exportDirectory.appendingPathComponent(".\(archiveName).partial"),
            destination: exportDirectory.appendingPathComponent(archiveName), chunkSize: chunkSize)
        do {
            let chunkSize = self.chunkSize
            let tables = try await pool.withTransaction(isolation: .repeatableRead, readOnly: true) { tx in
                let names = try await tx.query(
                    """
                    SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname
                    """, [schema]).map { try $0.decode(String.self, at: 0) }
                var tables: [ExportedTable] = []
                for (index, name) in names.enumerated() {
                    let spool = try ExportSpool(url: spools.appendingPathComponent("\(index).csv"))
                    let rows = try await tx.copyTo(
                        "COPY \(qualified: schema, name) TO STDOUT WITH (FORMAT csv, HEADER)", chunkSize: chunkSize
                    ) { try spool.append($0) }
                    let totals = try spool.close()
                    let file = "tables/\(name).csv"
                    try await archive.append(spool, as: file, size: totals.bytes)
                    try files.removeItem(at: spool.url)
                    tables.append(ExportedTable(table: name, file: file, rows: rows, bytes: totals.bytes, sha256: totals.sha256))
                }
                return tables
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.dateEncodingStrategy = .iso8601
            let manifest = try encoder.encode(Manifest(tenant: slug.rawValue, schema: schema, exportedAt: Date(), tables: tables))
            try await archive.append(name: "manifest.json", contents: Array(manifest))
            try await archive.commit()
            return tables
        } catch {
            archive.discard()
            throw error
        }
    }
}
