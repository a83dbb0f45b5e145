import Foundation
import Postgres
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct MigratorTests {
    /// Writes `files` to a fresh `<tmp>/<scope>/` directory and loads them.
    func set(_ files: [String: String], scope: MigrationSet.Scope = .control) throws -> MigrationSet {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("migrations-\(UUID().uuidString)")
        let directory = root.appendingPathComponent(scope.rawValue)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try MigrationSet.load(from: root, scope: scope)
    }

    static let base = [
        "0001_create_items.sql": "CREATE TABLE items (id int PRIMARY KEY);",
        "0002_add_name.sql": "ALTER TABLE items ADD COLUMN name text; CREATE INDEX items_name_idx ON items (name);",
    ]

    @Test func appliesInOrderOnceAndRecordsChecksums() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let migrations = try set(Self.base)
            let migrator = Migrator()
            let first = try await migrator.migrate(migrations, schema: "app", on: connection)
            #expect(first.map(\.version) == [1, 2])
            let second = try await migrator.migrate(migrations, schema: "app", on: connection)
            #expect(second.isEmpty)
            let status = try await migrator.status(of: migrations, schema: "app", on: connection)
            #expect(status.isCurrent)
            #expect(status.version == 2)
            #expect(status.applied.map(\.checksum) == migrations.migrations.map(\.checksum))
            // The tables landed in the named schema, not in public.
            _ = try await connection.query("INSERT INTO app.items (id, name) VALUES (1, 'x')")
            await connection.close()
        }
    }

    @Test func statusListsPendingMigrationsOfANewSchema() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let migrations = try set(Self.base)
            let status = try await Migrator().status(of: migrations, schema: "fresh", on: connection)
            #expect(status.applied.isEmpty)
            #expect(status.pending.map(\.fileName) == ["0001_create_items.sql", "0002_add_name.sql"])
            #expect(!status.isCurrent)
            await connection.close()
        }
    }

    @Test func aChangedAppliedFileIsRefusedByName() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            try await Migrator().migrate(try set(Self.base), schema: "app", on: connection)
            var edited = Self.base
            edited["0001_create_items.sql"] = "CREATE TABLE items (id bigint PRIMARY KEY);"
            edited["0003_more.sql"] = "CREATE TABLE more (id int);"
            do {
                try await Migrator().migrate(try set(edited), schema: "app", on: connection)
                Issue.record("an edited applied migration must be refused")
            } catch let error as MigrationError {
                #expect("\(error)".contains("0001_create_items.sql"), "\(error)")
            }
            // Nothing else ran.
            #expect(try await connection.query("SELECT to_regclass('app.more') IS NULL")[0].decode(Bool.self, at: 0))
            await connection.close()
        }
    }

    @Test func aFailingMigrationStaysPendingWithItsError() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            var files = Self.base
            files["0003_broken.sql"] = "CREATE TABLE half (id int); SELECT * FROM no_such_table;"
            files["0004_after.sql"] = "CREATE TABLE after (id int);"
            let migrations = try set(files)
            do {
                try await Migrator().migrate(migrations, schema: "app", on: connection)
                Issue.record("the broken migration must fail")
            } catch let error as MigrationError {
                let text = "\(error)"
                #expect(text.contains("0003_broken.sql"), "\(text)")
                #expect(text.contains("no_such_table"), "\(text)")
            }
            let status = try await Migrator().status(of: migrations, schema: "app", on: connection)
            #expect(status.applied.map(\.version) == [1, 2])
            #expect(status.pending.map(\.version) == [3, 4])
            // The failed migration's first statement was rolled back with it.
            #expect(try await connection.query("SELECT to_regclass('app.half') IS NULL")[0].decode(Bool.self, at: 0))
            #expect(connection.isReusable())
            await connection.close()
        }
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            var files: [String: String] = ["0001_log.sql": "CREATE TABLE log (version int);"]
            for version in 2...12 {
                files[String(format: "%04d_step_%d.sql", version, version)] = "INSERT INTO log VALUES (\(version)); SELECT pg_sleep(0.01);"
            }
            let migrations = try set(files)
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let connection = try await PostgresConnection.connect(configuration: configuration)
                        let count = try await Migrator().migrate(migrations, schema: "app", on: connection).count
                        await connection.close()
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(applied == 12)
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let rows = try await connection.query("SELECT version, count(*) FROM app.log GROUP BY version HAVING count(*) > 1")
            #expect(rows.isEmpty, "a migration ran twice")
            #expect(try await connection.query("SELECT count(*) FROM app.log")[0].decode(Int.self, at: 0) == 11)
            await connection.close()
        }
    }

    @Test func aSchemaAheadOfAnOlderBuildIsCurrentForIt() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            try await Migrator().migrate(try set(Self.base), schema: "app", on: connection)
            // The previous build, during a rolling upgrade or after a rollback.
            let older = try set(["0001_create_items.sql": Self.base["0001_create_items.sql"]!])
            let status = try await Migrator().status(of: older, schema: "app", on: connection)
            #expect(status.isCurrent)
            #expect(status.ahead.map(\.version) == [2])
            #expect(try await Migrator().migrate(older, schema: "app", on: connection).isEmpty)
            await connection.close()
        }
    }

    @Test func divergedHistoriesAreRefused() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            try await Migrator().migrate(try set(Self.base), schema: "app", on: connection)
            let other = try set([
                "0001_create_items.sql": Self.base["0001_create_items.sql"]!,
                "0003_other_branch.sql": "CREATE TABLE other (id int);",
            ])
            do {
                try await Migrator().migrate(other, schema: "app", on: connection)
                Issue.record("diverged histories must be refused")
            } catch let error as MigrationError {
                #expect("\(error)".contains("diverged"), "\(error)")
            }
            #expect(try await connection.query("SELECT to_regclass('app.other') IS NULL")[0].decode(Bool.self, at: 0))
            await connection.close()
        }
    }

    @Test func theRepositorysMigrationsApplyToControlAndTenantSchemas() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let root = SQLDirectory.resolve()
            let control = try MigrationSet.load(from: root, scope: .control)
            let tenant = try MigrationSet.load(from: root, scope: .tenant)
            #expect(!control.migrations.isEmpty)
            #expect(!tenant.migrations.isEmpty)
            try await Migrator().migrate(control, schema: Migrator.controlSchema, on: connection)
            try await Migrator().migrate(tenant, schema: "t_test_tenant", on: connection)
            #expect(try await Migrator().status(of: tenant, schema: "t_test_tenant", on: connection).isCurrent)
            await connection.close()
        }
    }

    @Test func applyingInsideACallersTransactionIsAllOrNothing() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let migrations = try set(Self.base, scope: .tenant)
            struct Injected: Error {}
            await #expect(throws: Injected.self) {
                try await connection.withTransaction { tx in
                    try await tx.execute("CREATE SCHEMA t_new")
                    try await Migrator().applyAll(migrations, toNewSchema: "t_new", in: tx)
                    throw Injected()
                }
            }
            #expect(try await connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 't_new'")[0].decode(Int.self, at: 0) == 0)
            await connection.close()
        }
    }

    @Test(arguments: ["1_x.sql", "0001-x.sql", "0001_.sql", "0001_Upper.sql", "abcd_x.sql", "00001_x.sql", "0000_zero.sql"])
    func badFileNamesAreRefused(name: String) throws {
        #expect(throws: MigrationError.self) { _ = try set([name: "SELECT 1;"]) }
    }

    @Test func duplicateVersionsAreRefused() throws {
        #expect(throws: MigrationError.self) { _ = try set(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"]) }
    }

    @Test(arguments: ["", "Upper", "a b", "a\"b", "1abc", String(repeating: "a", count: 64)])
    func invalidSchemaNamesAreRefused(schema: String) async throws {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.configuration())
        await #expect(throws: MigrationError.self) { try await Migrator().migrate(try set(Self.base), schema: schema, on: connection) }
        await connection.close()
    }
}
