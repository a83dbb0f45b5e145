import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct TenantProvisionerTests {
    @Test func onboardingCreatesSchemaRoleSettingsKeyAndAudit() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("acme_bakery")
            let (tenant, key, _) = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Acme Bakery"), actor: "test")
            #expect(tenant.status == .active)
            #expect(tenant.schemaVersion >= 1)
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_acme_bakery'") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM pg_roles WHERE rolname = $1", [fixture.provisioner.rolePrefix + "t_acme_bakery"]) == 1)
            #expect(try await fixture.count("SELECT count(*) FROM t_acme_bakery.settings WHERE display_name = 'Acme Bakery'") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys WHERE tenant_slug = $1 AND secret_sha256 = $2", ["acme_bakery", Checksum.sha256(key.token)]) == 1)
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys WHERE secret_sha256 = $1 OR prefix = $1", [key.secret]) == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.audit_log WHERE action = 'tenant.create' AND target = 'tenant:acme_bakery'") == 1)
        }
    }

    @Test func aTenantRoleCannotCreateTemporaryTables() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("no_temp")
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "No Temp"), actor: "test")
            let database = TenantDatabase(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix)
            let role = database.role(for: slug).name
            let canCreateTemp = try await fixture.pool.query(
                "SELECT has_database_privilege($1, current_database(), 'TEMPORARY')", [role])[0].decode(Bool.self, at: 0)
            #expect(!canCreateTemp, "neither PUBLIC nor the tenant role holds TEMPORARY")
            do {
                try await database.withTransaction(slug) { tx in
                    // Shadowing the tenant's settings table is what this would allow.
                    try await tx.execute("CREATE TEMP TABLE settings (id int)")
                }
                Issue.record("the tenant role must not create temporary tables")
            } catch let error as PostgresError {
                #expect(error.sqlState == SQLState.insufficientPrivilege, "\(error)")
            }
            // The migration is idempotent.
            let migration = try #require(try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control).migrations.first { $0.version == 4 })
            try await fixture.pool.withConnection { try await $0.execute(PostgresQuery(unescaped: migration.sql)) }
        }
    }

    @Test func theSameSlugTwiceIsAConflictThatChangesNothing() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("twice")
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "First"), actor: "test")
            await #expect(throws: TenancyError.slugTaken("twice")) {
                _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Second"), actor: "test")
            }
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM t_twice.settings WHERE display_name = 'First'") == 1)
        }
    }

    @Test func aFailureAfterTheSchemaExistsLeavesNothingBehind() async throws {
        struct Injected: Error {}
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("doomed")
            await #expect(throws: Injected.self) {
                _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Doomed"), actor: "test", afterSchema: { throw Injected() })
            }
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_doomed'") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM pg_roles WHERE rolname = $1", [fixture.provisioner.rolePrefix + "t_doomed"]) == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.audit_log") == 0)
            // And the slug is free for a retry.
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Doomed"), actor: "test")
        }
    }

    @Test func anUnknownFirmIsRefused() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            await #expect(throws: TenancyError.self) {
                _ = try await fixture.provisioner.create(NewTenant(slug: try TenantSlug("orphan"), displayName: "O", firmID: UUID()), actor: "test")
            }
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 0)
        }
    }

    @Test func aTenantsRoleCannotReachAnotherTenantOrTheControlSchema() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let a = try TenantSlug("tenant_a")
            let b = try TenantSlug("tenant_b")
            _ = try await fixture.provisioner.create(NewTenant(slug: a, displayName: "A"), actor: "test")
            _ = try await fixture.provisioner.create(NewTenant(slug: b, displayName: "B"), actor: "test")
            let prologue = TenantRole.prologue(slug: a, role: TenantRole(slug: a, prefix: fixture.provisioner.rolePrefix))
            // Its own data, unqualified, through search_path.
            let own = try await fixture.pool.withTransaction(prologue: prologue) { tx in
                try await tx.query("SELECT display_name FROM settings")[0].decode(String.self, at: 0)
            }
            #expect(own == "A")
            for forbidden in ["SELECT * FROM t_tenant_b.settings", "SELECT * FROM relance.tenants", "SELECT * FROM relance.api_keys",
                              "UPDATE t_tenant_b.settings SET display_name = 'pwned'", "SELECT * FROM t_tenant_a.schema_migrations",
                              "CREATE TABLE t_tenant_a.extra (x int)"] {
                // (SET ROLE back to the login role stays possible: membership is the session
                // user's. The role guards against a query naming the wrong schema, not against
                // arbitrary SQL, which parameterised statements keep out.)
                do {
                    try await fixture.pool.withTransaction(prologue: prologue) { tx in _ = try await tx.query(PostgresQuery(unescaped: forbidden)) }
                    Issue.record("tenant A's role ran: \(forbidden)")
                } catch let error as PostgresError {
                    #expect(error.sqlState == SQLState.insufficientPrivilege, "\(forbidden): \(error)")
                }
            }
            #expect(try await fixture.count("SELECT count(*) FROM t_tenant_b.settings WHERE display_name = 'B'") == 1)
        }
    }
}
