import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// A database outage reaches clients as a 503 problem with `Retry-After` and a detail that
/// names no driver message, host or port; the API recovers when the database does.
@Suite struct DatabaseOutageTests {
    static let adminToken = "outage-admin-token-0123456789"

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The body says nothing of where the database is or what libpq said.
    static func expectScrubbed(_ body: String, port: Int, _ comment: Comment? = nil) {
        for leak in ["127.0.0.1", "\(port)", "Connection refused", "connection to server", "libpq", "PostgreSQL"] {
            #expect(!body.contains(leak), "\(comment?.description ?? ""): \(body) mentions \(leak)")
        }
    }

    @Test func whilePostgreSQLIsStoppedRequestsAre503AndTheAPIRecoversWithoutARestart() async throws {
        let server = try ScratchServer.start()
        defer { server.destroy() }
        let configuration = server.configuration
        let root = SQLDirectory.resolve()
        let connection = try await PostgresConnection.connect(configuration: configuration)
        try await Migrator().migrate(try MigrationSet.load(from: root, scope: .control), schema: Migrator.controlSchema, on: connection)
        await connection.close()
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 4, acquireTimeout: .seconds(2)))
        let tenancy = Tenancy(pool: pool, tenantMigrations: try MigrationSet.load(from: root, scope: .tenant), rolePrefix: "relance_",
                              exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)"))
        let new = NewTenant(slug: try TenantSlug("outage"), displayName: "Outage", firmID: nil, timeZone: "Europe/Paris", currency: "EUR", locale: "fr-FR")
        let key = try await tenancy.provisioner.create(new, actor: "test").key.token
        let settings = try Settings(environment: ["DATABASE_URL": configuration.connectionString], applicationName: "test")
        let control = try MigrationSet.load(from: root, scope: .control)
        let api = Servers.tenantAPI(settings: settings, readiness: ReadinessProbe(pool: pool, control: control), tenancy: tenancy, logger: Logger(label: "test"))
        let admin = Servers.adminAPI(settings: settings, adminToken: Self.adminToken, tenancy: tenancy, logger: Logger(label: "test"))
        let keyHeaders: HTTPFields = [.authorization: "Bearer \(key)"]
        let adminHeaders: HTTPFields = [.authorization: "Bearer \(Self.adminToken)"]
        try await admin.test(.router) { adminClient in
            try await api.test(.router) { client in
                try await client.execute(uri: "/v1/settings", method: .get, headers: keyHeaders) { #expect($0.status == .ok) }

                try server.stopServer()
                let unavailable = try await TestDatabase.eventually(timeout: .seconds(20)) {
                    try await client.execute(uri: "/v1/settings", method: .get, headers: keyHeaders) { $0.status == .serviceUnavailable }
                }
                #expect(unavailable)
                try await client.execute(uri: "/v1/settings", method: .get, headers: keyHeaders) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(Self.json(response.body)["type"] as? String == "https://relance.dev/problems/database-unavailable")
                    Self.expectScrubbed(String(buffer: response.body), port: server.port, "tenant API")
                }
                try await adminClient.execute(uri: "/admin/v1/tenants", method: .get, headers: adminHeaders) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] != nil)
                    #expect(Self.json(response.body)["type"] as? String == "https://relance.dev/problems/database-unavailable")
                    Self.expectScrubbed(String(buffer: response.body), port: server.port, "admin API")
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(Self.json(response.body)["detail"] as? String == "not ready")
                    Self.expectScrubbed(String(buffer: response.body), port: server.port, "readyz")
                }

                try server.startServer()
                let recovered = try await TestDatabase.eventually(timeout: .seconds(20)) {
                    try await client.execute(uri: "/v1/settings", method: .get, headers: keyHeaders) { $0.status == .ok }
                }
                #expect(recovered, "the API answers again once PostgreSQL is back, with no restart")
                try await adminClient.execute(uri: "/admin/v1/tenants", method: .get, headers: adminHeaders) { #expect($0.status == .ok) }
                try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            }
        }
        await pool.close()
    }

    /// A router whose routes fail the way a busy database does, behind the real middleware.
    func busyRouter(pool: PostgresPool) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.get("/slow") { _, _ -> HTTPResponse.Status in
            try await pool.query("SELECT pg_sleep(5)")
            return .ok
        }
        router.get("/quick") { _, _ -> HTTPResponse.Status in
            try await pool.query("SELECT 1")
            return .ok
        }
        return router
    }

    @Test func aStatementTimeoutIsA503() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.statementTimeout = .milliseconds(50)
        let pool = PostgresPool(connection: configuration, configuration: .init(size: 1))
        try await Application(router: busyRouter(pool: pool)).test(.router) { client in
            try await client.execute(uri: "/slow", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(Self.json(response.body)["type"] as? String == "https://relance.dev/problems/database-busy")
                #expect(!String(buffer: response.body).contains("canceling statement"))
            }
        }
        await pool.close()
    }

    @Test func anExhaustedPoolIsA503() async throws {
        let pool = PostgresPool(connection: try TestDatabase.configuration(), configuration: .init(size: 1, acquireTimeout: .milliseconds(100)))
        let held = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await pool.withConnection { _ in
                held.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in held.stream { break }
        try await Application(router: busyRouter(pool: pool)).test(.router) { client in
            try await client.execute(uri: "/quick", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(Self.json(response.body)["type"] as? String == "https://relance.dev/problems/database-busy")
                #expect(!String(buffer: response.body).contains("pool of 1"))
            }
            release.continuation.yield()
            try await holder.value
            try await client.execute(uri: "/quick", method: .get) { #expect($0.status == .ok) }
        }
        await pool.close()
    }

    @Test(arguments: [SQLState.serializationFailure, SQLState.deadlockDetected])
    func aSerializationFailureOrDeadlockIsARetryable503(sqlState: String) throws {
        let error = PostgresError.server(.init(sqlState: sqlState, message: "could not serialize access on host db-7:5432"))
        let (problem, retryAfter) = try #require(DatabaseProblem.problem(for: error))
        #expect(problem.status == 503)
        #expect(problem.type == "https://relance.dev/problems/transaction-conflict")
        #expect(retryAfter == 1)
        #expect(!problem.detail.contains("db-7"))
        #expect(DatabaseProblem.problem(for: .server(.init(sqlState: SQLState.uniqueViolation, message: "x"))) == nil)
    }
}
