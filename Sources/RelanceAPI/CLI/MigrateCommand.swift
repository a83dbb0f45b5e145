import ArgumentParser
import Foundation
import Logging
import Postgres
import RelanceStore

/// `relance migrate`: brings the control schema up to date (then every tenant schema).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations (control schema first, then tenant schemas).",
        discussion: """
            Safe to run from several places at once: runs are serialised per schema by an advisory lock.
            Exit status: 0 done (or, with --check, nothing pending); 1 failed or, with --check, something pending; 2 bad configuration.
            """
    )

    @Flag(name: .long, help: "List applied and pending migrations; change nothing.")
    var status = false

    @Flag(name: .long, help: "Exit 0 if nothing is pending, 1 otherwise; change nothing (for init containers).")
    var check = false

    @Option(name: .long, help: "Tenant schemas migrated at once (1-64).")
    var concurrency = 4

    func run() async throws {
        let settings: Settings
        let control: MigrationSet
        let tenant: MigrationSet
        do {
            guard (1...64).contains(concurrency) else {
                throw ConfigurationError(variable: "--concurrency", value: String(concurrency), expected: "a number from 1 to 64")
            }
            settings = try Settings(applicationName: "relance-migrate")
            control = try MigrationSet.load(from: settings.sqlDirectory, scope: .control)
            tenant = try MigrationSet.load(from: settings.sqlDirectory, scope: .tenant)
        } catch {
            FileHandle.standardError.write(Data("relance migrate: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let migrator = Migrator(logger: Logger(label: "relance.migrate"))
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: settings.database)
        } catch {
            FileHandle.standardError.write(Data("relance migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { Task { await connection.close() } }
        do {
            if status || check {
                let report = try await migrator.status(of: control, schema: Migrator.controlSchema, on: connection)
                if status { print(Self.describe(report)) }
                if check && !report.isCurrent {
                    print("pending: \(report.pending.map(\.fileName).joined(separator: ", "))")
                    throw ExitCode(1)
                }
                if report.applied.isEmpty { return }
                let latest = tenant.migrations.last?.version ?? 0
                let behind = try await connection.query(
                    "SELECT slug FROM relance.tenants WHERE status <> 'offboarding' AND schema_version < $1 ORDER BY slug", [latest]
                ).map { try $0.decode(String.self, at: 0) }
                if status { print("tenant schemas behind version \(latest): \(behind.count)\(behind.isEmpty ? "" : " (" + behind.prefix(20).joined(separator: ", ") + (behind.count > 20 ? ", …" : "") + ")")") }
                if check && !behind.isEmpty { throw ExitCode(1) }
                return
            }
            let applied = try await migrator.migrate(control, schema: Migrator.controlSchema, on: connection)
            print("control schema \(Migrator.controlSchema): \(applied.isEmpty ? "up to date" : "applied \(applied.map(\.fileName).joined(separator: ", "))")")
            let started = ContinuousClock.now
            let summary = try await TenantMigrationRun(configuration: settings.database, migrations: tenant, concurrency: concurrency).run { progress in
                if !progress.applied.isEmpty || progress.done == progress.total || progress.done % max(1, progress.total / 10) == 0 {
                    print("[\(progress.done)/\(progress.total)] t_\(progress.slug): \(progress.applied.isEmpty ? "up to date" : progress.applied.joined(separator: ", "))")
                }
            }
            print("tenant schemas: \(summary.tenants) behind, \(summary.migratedTenants) migrated, \(summary.appliedMigrations) migrations applied in \(ContinuousClock.now - started)")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("relance migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func describe(_ status: MigrationStatus) -> String {
        var lines = ["schema \(status.schema): version \(status.version), \(status.applied.count) applied, \(status.pending.count) pending"]
        for migration in status.applied {
            lines.append("  applied  \(Migration(version: migration.version, name: migration.name, sql: "").fileName)  \(migration.appliedAt.formatted(.iso8601))")
        }
        for migration in status.pending {
            lines.append("  pending  \(migration.fileName)")
        }
        for migration in status.ahead {
            lines.append("  ahead    version \(migration.version) \(migration.name) (applied by a newer build)")
        }
        return lines.joined(separator: "\n")
    }
}
