import Foundation
import Postgres
import RelanceStore

/// A fresh database with the control schema, a provisioner whose roles carry a prefix of
/// this test's own, and cleanup of those cluster-wide roles afterwards.
public struct TenancyFixture: Sendable {
    public let configuration: PostgresConfiguration
    public let pool: PostgresPool
    public let provisioner: TenantProvisioner

    public static func with<T>(_ body: (TenancyFixture) async throws -> T) async throws -> T {
        let prefix = "r" + UUID().uuidString.prefix(8).lowercased() + "_"
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await run(prefix: prefix, body))
        } catch {
            outcome = .failure(error)
        }
        try await TestDatabase.dropRoles(prefix: prefix)
        return try outcome.get()
    }

    private static func run<T>(prefix: String, _ body: (TenancyFixture) async throws -> T) async throws -> T {
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration)
            let root = SQLDirectory.resolve()
            try await Migrator().migrate(try MigrationSet.load(from: root, scope: .control), schema: Migrator.controlSchema, on: connection)
            await connection.close()
            let pool = PostgresPool(connection: configuration, configuration: .init(size: 4))
            let provisioner = TenantProvisioner(pool: pool, tenantMigrations: try MigrationSet.load(from: root, scope: .tenant), rolePrefix: prefix)
            let fixture = TenancyFixture(configuration: configuration, pool: pool, provisioner: provisioner)
            do {
                let value = try await body(fixture)
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    public func count(_ sql: PostgresQuery, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await pool.query(sql, parameters)[0].decode(Int.self, at: 0)
    }
}

