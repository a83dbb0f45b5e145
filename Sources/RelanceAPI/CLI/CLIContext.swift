import ArgumentParser
import Foundation
import Postgres
import RelanceStore

/// What every `relance` subcommand needs: the settings, a small pool and the tenancy
/// services. Configuration problems exit with status 2, others with 1, each with a message.
struct CLIContext {
    let settings: Settings
    let pool: PostgresPool
    let tenancy: Tenancy

    static let actor = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")

    static func run(_ body: (CLIContext) async throws -> Void) async throws {
        let context: CLIContext
        do {
            let settings = try Settings(applicationName: "relance-cli")
            let tenantMigrations = try MigrationSet.load(from: settings.sqlDirectory, scope: .tenant)
            let pool = PostgresPool(connection: settings.database, configuration: .init(size: 2, acquireTimeout: settings.poolTimeout))
            context = CLIContext(settings: settings, pool: pool, tenancy: Tenancy(
                pool: pool, tenantMigrations: tenantMigrations, rolePrefix: settings.tenantRolePrefix, exportDirectory: settings.exportDirectory,
                keyHasher: settings.apiKeyHasher))
        } catch {
            FileHandle.standardError.write(Data("relance: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            try await body(context)
            await context.pool.close()
        } catch let exit as ExitCode {
            await context.pool.close()
            throw exit
        } catch let problem as Problem {
            await context.pool.close()
            FileHandle.standardError.write(Data("relance: \(problem.detail)\n".utf8))
            throw ExitCode(1)
        } catch {
            await context.pool.close()
            FileHandle.standardError.write(Data("relance: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Prints `value` as indented JSON (snake_case), for scripts and people alike.
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func validation(_ field: String, _ message: String) -> Problem {
        Problem.validation([.init(field: field, message: message)])
    }
}
