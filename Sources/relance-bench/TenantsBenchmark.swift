import Foundation
import Postgres
import RelanceCore
import RelanceStore

/// `relance-bench tenants`: onboarding cost as the tenant count grows, a one-column tenant
/// migration across all of them, and the per-transaction tenant context measured both ways
/// (search_path vs schema-qualified names). Writes the tenants' API keys to `--keys-file`
/// for the HTTP part (wrk, run by deploy/local/bench).
enum TenantsBenchmark {
    static func run(count: Int, seconds: Int, keysFile: String?, sqlDirectory: URL) async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw UsageError(message: "set DATABASE_URL to a migrated database the benchmark may fill")
        }
        let configuration = PostgresConfiguration(connectionString: url, applicationName: "relance-bench")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 8))
        let tenantSet = try MigrationSet.load(from: sqlDirectory, scope: .tenant)
        let prefix = "bench_"
        let provisioner = TenantProvisioner(pool: pool, tenantMigrations: tenantSet, rolePrefix: prefix)

        // 1. Onboarding, one tenant at a time, as the admin API does it.
        var durations: [Double] = []
        var slugs: [TenantSlug] = []
        var keys: [String] = []
        for index in 1...count {
            let slug = try TenantSlug(String(format: "bench_%05d", index))
            let started = ContinuousClock.now
            let (_, key, _) = try await provisioner.create(NewTenant(slug: slug, displayName: "Bench \(index)"), actor: "bench")
            durations.append(Throughput.milliseconds(ContinuousClock.now - started))
            slugs.append(slug)
            keys.append(key.token)
            if index % 200 == 0 { print("  onboarded \(index)") }
        }
        let window = min(100, count)
        print(String(format: "tenants_onboard_ms_first_%d: mean=%.1f p50=%.1f p95=%.1f", window,
                     mean(durations.prefix(window)), percentile(durations.prefix(window), 0.5), percentile(durations.prefix(window), 0.95)))
        print(String(format: "tenants_onboard_ms_last_%d: mean=%.1f p50=%.1f p95=%.1f", window,
                     mean(durations.suffix(window)), percentile(durations.suffix(window), 0.5), percentile(durations.suffix(window), 0.95)))
        if let keysFile {
            try keys.joined(separator: "\n").write(toFile: keysFile, atomically: true, encoding: .utf8)
        }
        let catalog = try await pool.query("SELECT count(*) FROM pg_class")[0].decode(Int.self, at: 0)
        let size = try await pool.query("SELECT pg_size_pretty(pg_database_size(current_database()))")[0].decode(String.self, at: 0)
        print("tenants_catalog: pg_class rows=\(catalog) database size=\(size)")

        // 2. A one-column migration with an index, across every tenant schema.
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("bench-sql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tenant"), withIntermediateDirectories: true)
        for migration in tenantSet.migrations {
            try migration.sql.write(to: root.appendingPathComponent("tenant/\(migration.fileName)"), atomically: true, encoding: .utf8)
        }
        try "ALTER TABLE settings ADD COLUMN bench_note text; CREATE INDEX settings_bench_note_idx ON settings (bench_note);"
            .write(to: root.appendingPathComponent("tenant/9999_bench_column.sql"), atomically: true, encoding: .utf8)
        let next = try MigrationSet.load(from: root, scope: .tenant)
        let migrationStarted = ContinuousClock.now
        let summary = try await TenantMigrationRun(configuration: configuration, migrations: next, concurrency: 4).run()
        print(String(format: "tenants_migration_one_column_s: %.1f (%d schemas, concurrency 4)",
                     Throughput.milliseconds(ContinuousClock.now - migrationStarted) / 1000, summary.migratedTenants))

        // 3. The tenant context per transaction, random tenants, 4 tasks: the same read
        //    (the tenant's settings row) with search_path, then with schema-qualified names.
        let database = TenantDatabase(pool: pool, rolePrefix: prefix)
        let onboarded = slugs
        let searchPath = try await Throughput.measure(seconds: seconds, tasks: 4) {
            let slug = onboarded.randomElement()!
            _ = try await database.withTransaction(slug) { tx in try await tx.query("SELECT display_name FROM settings") }
        }
        let qualified = try await Throughput.measure(seconds: seconds, tasks: 4) {
            let slug = onboarded.randomElement()!
            let role = database.role(for: slug).name
            _ = try await pool.withTransaction(prologue: "SET LOCAL ROLE \(identifier: role)") { tx in
                try await tx.query("SELECT display_name FROM \(qualified: slug.schemaName, "settings")")
            }
        }
        print(String(format: "tenant_context_tps: search_path=%.0f schema_qualified=%.0f (4 tasks, %d tenants, 3 round trips each)",
                     searchPath, qualified, count))
        await pool.close()
    }


    static func mean(_ values: some Collection<Double>) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    static func percentile(_ values: some Collection<Double>, _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }
}
