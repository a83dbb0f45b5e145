import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct TenantMigrationRunTests {
    @Test func twoRunsAtOnceMigrateEachTenantExactlyOnce() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slugs = (1...8).map { "shop_\($0)" }
            for slug in slugs {
                _ = try await fixture.provisioner.create(NewTenant(slug: try TenantSlug(slug), displayName: slug), actor: "test")
            }
            // The next release adds a tenant migration.
            let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sql-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("tenant"), withIntermediateDirectories: true)
            for migration in fixture.provisioner.tenantMigrations.migrations {
                try migration.sql.write(to: root.appendingPathComponent("tenant/\(migration.fileName)"), atomically: true, encoding: .utf8)
            }
            try "CREATE TABLE reminders_sent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text); SELECT pg_sleep(0.02);"
                .write(to: root.appendingPathComponent("tenant/0900_reminders_sent.sql"), atomically: true, encoding: .utf8)
            let next = try MigrationSet.load(from: root, scope: .tenant)

            let runs = (0..<2).map { _ in TenantMigrationRun(configuration: fixture.configuration, migrations: next, concurrency: 3) }
            async let first = runs[0].run()
            async let second = runs[1].run()
            let summaries = try await [first, second]
            #expect(summaries.map(\.appliedMigrations).reduce(0, +) == 8)
            for slug in slugs {
                #expect(try await fixture.count("SELECT count(*) FROM \(qualified: "t_\(slug)", "schema_migrations") WHERE version = 900") == 1, "\(slug)")
            }
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants WHERE schema_version = 900") == 8)
            // The new table is the tenant role's to use, as tables from onboarding are.
            let slug = try TenantSlug("shop_1")
            let inserted = try await TenantDatabase(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix).withTransaction(slug) { tx in
                try await tx.query("INSERT INTO reminders_sent (note) VALUES ($1) RETURNING id", ["hello"])[0].decode(Int.self, at: 0)
            }
            #expect(inserted == 1)
            // A third run has nothing left to do and does not touch the schemas.
            let third = try await TenantMigrationRun(configuration: fixture.configuration, migrations: next, concurrency: 2).run()
            #expect(third.tenants == 0)
        }
    }
}
