import Foundation
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench export`: offboards a tenant holding about `--megabytes` of table data and
/// reports the process's peak resident memory and the export's throughput. The data is a
/// scratch table created in the tenant's schema for the benchmark (the tenant schema has
/// only its settings today), filled by `INSERT … SELECT generate_series`.
enum ExportBenchmark {
    static func run(megabytes: Int, sqlDirectory: URL) async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw UsageError(message: "set DATABASE_URL to a migrated database the benchmark may fill")
        }
        let configuration = PostgresConfiguration(connectionString: url, applicationName: "relance-bench")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 2))
        let prefix = "benchx_"
        let provisioner = TenantProvisioner(pool: pool, tenantMigrations: try MigrationSet.load(from: sqlDirectory, scope: .tenant), rolePrefix: prefix)
        let slug = try TenantSlug("bench_export")
        _ = try await provisioner.create(NewTenant(slug: slug, displayName: "Export bench"), actor: "bench")
        let table = PostgresIdentifier.qualified(slug.schemaName, "bench_rows")
        // ~125 bytes of CSV per row (measured): a number, a date, an amount and a text of some variety.
        let rows = megabytes * 1_000_000 / 125
        print("setup: \(rows) rows in \(table)")
        try await pool.withConnection { connection in
            try await connection.execute("""
                CREATE TABLE \(qualified: slug.schemaName, "bench_rows") (id bigint PRIMARY KEY, due date NOT NULL, amount_cents bigint NOT NULL, note text NOT NULL)
                """)
            try await connection.query(
                """
                INSERT INTO \(qualified: slug.schemaName, "bench_rows")
                SELECT g, date '2026-01-01' + (g % 365)::int, (g * 7919) % 10000000,
                       'invoice ' || g || ' for customer ' || (g % 5000) || ', ' || md5(g::text) || ' ' || repeat('x', (g % 60)::int)
                FROM generate_series(1, \(rows)::bigint) AS g
                """)
        }
        let tableBytes = try await pool.query("SELECT pg_table_size($1::regclass)", [table])[0].decode(Int.self, at: 0)
        let exports = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("relance-bench-exports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: exports) }
        let before = peakResidentKilobytes()
        let started = ContinuousClock.now
        let report = try await TenantOffboarding(pool: pool, rolePrefix: prefix, exportDirectory: exports).offboard(slug, actor: "bench")
        let seconds = Throughput.milliseconds(ContinuousClock.now - started) / 1000
        let peak = peakResidentKilobytes()
        let csvBytes = report.tables.reduce(0) { $0 + $1.bytes }
        let archiveBytes = (try FileManager.default.attributesOfItem(atPath: exports.appendingPathComponent(report.archive).path)[.size] as? Int) ?? 0
        print(String(format: "export_table_data: %.0f MB on disk (pg_table_size), %.0f MB of CSV, %d rows",
                     Double(tableBytes) / 1e6, Double(csvBytes) / 1e6, report.tables.first { $0.table == "bench_rows" }?.rows ?? 0))
        print(String(format: "export_archive: %.1f MB (%.1f%% of the CSV)", Double(archiveBytes) / 1e6, 100 * Double(archiveBytes) / Double(max(csvBytes, 1))))
        print(String(format: "export_seconds: %.1f (%.1f MB/s of CSV, including the schema drop)", seconds, Double(csvBytes) / 1e6 / seconds))
        print(String(format: "export_peak_rss_mb: %.1f (before the export: %.1f; target < 100)", Double(peak) / 1024, Double(before) / 1024))
        await pool.close()
    }

    /// The process's peak resident set size so far, in KiB (`VmHWM` of /proc/self/status).
    static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
    }
}
