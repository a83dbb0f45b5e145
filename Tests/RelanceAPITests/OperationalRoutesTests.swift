import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RelanceAPI
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct OperationalRoutesTests {
    func settings(_ configuration: PostgresConfiguration) throws -> Settings {
        var settings = try Settings(environment: ["DATABASE_URL": configuration.connectionString, "RELANCE_HOST": "127.0.0.1"], applicationName: "test")
        settings.database = configuration
        return settings
    }

    func tenancy(_ pool: PostgresPool) throws -> Tenancy {
        Tenancy(pool: pool, tenantMigrations: try MigrationSet.load(from: SQLDirectory.resolve(), scope: .tenant),
                rolePrefix: "unused_", exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()))
    }

    func tenantAPI(_ configuration: PostgresConfiguration, pool: PostgresPool) throws -> some ApplicationProtocol {
        let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
        return Servers.tenantAPI(settings: try settings(configuration), readiness: ReadinessProbe(pool: pool, control: control),
                                 tenancy: try tenancy(pool), logger: Logger(label: "test"))
    }

    @Test func readinessFollowsTheDatabaseAndMigrations() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let pool = PostgresPool(connection: configuration, configuration: .init(size: 2))
            let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
            let app = try tenantAPI(configuration, pool: pool)
            try await app.test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(String(buffer: response.body).contains("not ready"), "the tenant listener keeps the reason to the log")
                }
                try await Servers.operational(host: "127.0.0.1", port: 0, name: "test", readiness: ReadinessProbe(pool: pool, control: control),
                                              logger: Logger(label: "test")).test(.router) { health in
                    try await health.execute(uri: "/readyz", method: .get) { response in
                        #expect(response.status == .serviceUnavailable)
                        #expect(String(buffer: response.body).contains("relance migrate"), "the pod-only health port says why")
                    }
                }
                let connection = try await PostgresConnection.connect(configuration: configuration)
                try await Migrator().migrate(control, schema: Migrator.controlSchema, on: connection)
                await connection.close()
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/no/such/route", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            await pool.close()
        }
    }

    @Test func anUnreachableDatabaseIsNotReadyButAlive() async throws {
        let configuration = PostgresConfiguration(connectionString: "postgres://relance@127.0.0.1:1/relance")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 1))
        let app = try tenantAPI(configuration, pool: pool)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(body.contains("not ready"))
                for leak in ["127.0.0.1", "port 1", "refused", "database check failed"] {
                    #expect(!body.contains(leak), "\(body) mentions \(leak)")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        await pool.close()
    }

    @Test func theAdminAPIRequiresTheTokenComparedWhole() async throws {
        let configuration = PostgresConfiguration(connectionString: "postgres://relance@127.0.0.1:1/relance")
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 1))
        let app = Servers.adminAPI(settings: try settings(configuration), adminToken: "the-admin-token-123456",
                                   tenancy: try tenancy(pool), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            for header in [nil, "Bearer wrong", "Bearer the-admin-token-12345", "Bearer the-admin-token-1234567", "Basic the-admin-token-123456"] {
                var headers = HTTPFields()
                if let header { headers[.authorization] = header }
                try await client.execute(uri: "/admin/v1/", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(header ?? "no header")")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/admin/v1/", method: .get, headers: [.authorization: "Bearer the-admin-token-123456"]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
