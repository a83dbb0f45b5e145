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

    func run() async throws {
        let settings: Settings
        let control: MigrationSet
        do {
            settings = try Settings(applicationName: "relance-migrate")
            control = try MigrationSet.load(from: settings.sqlDirectory, scope: .control)
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
                return
            }
            let applied = try await migrator.migrate(control, schema: Migrator.controlSchema, on: connection)
            print("control schema \(Migrator.controlSchema): \(applied.isEmpty ? "up to date" : "applied \(applied.map(\.fileName).joined(separator: ", "))")")
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
