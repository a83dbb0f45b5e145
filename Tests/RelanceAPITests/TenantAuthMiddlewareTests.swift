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

/// Two replicas over one database: A changes keys and tenants (its own pool and directory),
/// B serves the tenant API with its key cache running. B's cache keeps entries for 60 s,
/// far past every deadline here, so only a notification (or B not trusting its cache) can
/// make B refuse a key in time.
@Suite struct TenantAuthMiddlewareTests {
    static let ttl: Duration = .seconds(60)

    struct Replicas {
        var fixture: TenancyFixture
        var a: TenantDirectory
        var b: any TestClientProtocol
        var authenticatorB: TenantAuthenticator
        var cacheB: AuthenticationCache
    }

    /// Runs `body` with replica B's authenticator running (listening) until `body` returns.
    /// - Parameter listenConfiguration: B's `LISTEN` connection, from the fixture's.
    func withReplicas(
        listenConfiguration: @escaping @Sendable (TenancyFixture) async throws -> PostgresConfiguration = { $0.configuration },
        _ body: @escaping @Sendable (Replicas) async throws -> Void
    ) async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let poolB = PostgresPool(connection: fixture.configuration, configuration: .init(size: 4))
            let cacheB = AuthenticationCache(ttl: Self.ttl, capacity: 100)
            let tenancyB = Tenancy(pool: poolB, tenantMigrations: fixture.provisioner.tenantMigrations, rolePrefix: fixture.provisioner.rolePrefix,
                                   exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()), authCache: cacheB,
                                   listenConfiguration: try await listenConfiguration(fixture))
            let settings = try Settings(environment: ["DATABASE_URL": fixture.configuration.connectionString], applicationName: "test")
            let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
            let apiB = Servers.tenantAPI(settings: settings, readiness: ReadinessProbe(pool: poolB, control: control), tenancy: tenancyB,
                                         logger: Logger(label: "test"))
            let authenticatorB = tenancyB.authenticator
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await authenticatorB.run() }
                    #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { authenticatorB.isListening }, "B never listened")
                    try await apiB.test(.router) { client in
                        try await body(Replicas(fixture: fixture, a: TenantDirectory(pool: fixture.pool), b: client,
                                                authenticatorB: authenticatorB, cacheB: cacheB))
                    }
                    group.cancelAll()
                }
            } catch {
                await poolB.close()
                throw error
            }
            await poolB.close()
        }
    }

    static func onboard(_ fixture: TenancyFixture, _ slug: String) async throws -> (key: String, id: UUID) {
        let (_, key, id) = try await fixture.provisioner.create(NewTenant(slug: try TenantSlug(slug), displayName: "Tenant \(slug)"), actor: "test")
        return (key.token, id)
    }

    static func status(_ client: any TestClientProtocol, _ key: String, uri: String = "/v1/settings") async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"]) { $0.status }
    }

    /// Until B holds `key` in its cache (so the tests below are about the cache): a lookup
    /// overlapping a notification (onboarding's own, say) is not stored, so this may take
    /// more than one request.
    static func warm(_ replicas: Replicas, _ key: String, uri: String = "/v1/settings") async throws {
        let before = replicas.cacheB.count
        #expect(try await TestDatabase.eventually(timeout: .seconds(10)) {
            try await status(replicas.b, key, uri: uri) == .ok && replicas.cacheB.count == before + 1
        }, "B did not cache the key")
        #expect(try await status(replicas.b, key, uri: uri) == .ok)
    }

    @Test func aKeyRevokedOnOneReplicaIsRefusedByTheOther() async throws {
        try await withReplicas { replicas in
            let (key, id) = try await Self.onboard(replicas.fixture, "revoked")
            let (other, _) = try await Self.onboard(replicas.fixture, "untouched")
            try await Self.warm(replicas, key)
            #expect(try await Self.status(replicas.b, other) == .ok)
            _ = try await replicas.a.revokeKey(id, actor: "test")
            #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { try await Self.status(replicas.b, key) == .unauthorized },
                    "replica B still accepts the key revoked on A")
            #expect(try await Self.status(replicas.b, other) == .ok)
        }
    }

    @Test func aTenantSuspendedOnOneReplicaIsRefusedByTheOther() async throws {
        try await withReplicas { replicas in
            let (key, _) = try await Self.onboard(replicas.fixture, "suspended")
            try await Self.warm(replicas, key)
            _ = try await replicas.a.setStatus("suspended", to: .suspended, actor: "test")
            #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { try await Self.status(replicas.b, key) == .forbidden },
                    "replica B still serves tenant suspended on A")
            _ = try await replicas.a.setStatus("suspended", to: .active, actor: "test")
            #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { try await Self.status(replicas.b, key) == .ok })
        }
    }

    @Test func aFirmKeyLosesATenantSuspendedOnTheOtherReplica() async throws {
        try await withReplicas { replicas in
            let firm = try await replicas.a.createFirm(name: "Cabinet", actor: "test")
            _ = try await replicas.fixture.provisioner.create(
                NewTenant(slug: try TenantSlug("client_one"), displayName: "Client one", firmID: firm.id), actor: "test")
            let (_, firmKey) = try await replicas.a.createKey(tenant: nil, firm: firm.id, name: "firm", scopes: ["read"], actor: "test")
            try await Self.warm(replicas, firmKey.token, uri: "/v1/tenants/client_one/settings")
            _ = try await replicas.a.setStatus("client_one", to: .suspended, actor: "test")
            #expect(try await TestDatabase.eventually(timeout: .seconds(10)) {
                try await Self.status(replicas.b, firmKey.token, uri: "/v1/tenants/client_one/settings") == .forbidden
            })
        }
    }

    /// B's listener logs in as a role of its own; `CONNECTION LIMIT 0` and terminating its
    /// backend keep it down, so the revocation's notification never reaches B.
    @Test func aReplicaWhoseListenerIsDownDoesNotServeFromItsCache() async throws {
        let name = "l" + UUID().uuidString.prefix(8).lowercased() + "_listener"
        let outcome: Result<Void, any Error>
        do {
            try await withReplicas(listenConfiguration: { fixture in
                try await fixture.pool.query("CREATE ROLE \(identifier: name) LOGIN")
                var components = URLComponents(string: fixture.configuration.connectionString)!
                components.user = name
                return PostgresConfiguration(connectionString: components.string!, applicationName: "replica-b-listen")
            }) { replicas in
                let (key, id) = try await Self.onboard(replicas.fixture, "unheard")
                try await Self.warm(replicas, key)
                let admin = try await PostgresConnection.connect(configuration: try TestDatabase.adminConfiguration())
                try await admin.execute("ALTER ROLE \(identifier: name) CONNECTION LIMIT 0")
                try await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [name])
                #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { !replicas.authenticatorB.isListening })
                _ = try await replicas.a.revokeKey(id, actor: "test")
                #expect(try await Self.status(replicas.b, key) == .unauthorized, "replica B served a revoked key from its cache")
                try await admin.execute("ALTER ROLE \(identifier: name) CONNECTION LIMIT -1")
                await admin.close()
                #expect(try await TestDatabase.eventually(timeout: .seconds(10)) { replicas.authenticatorB.isListening })
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await TestDatabase.dropRoles(prefix: name)
        try outcome.get()
    }

    @Test func aKeyIsStillMarkedAsUsed() async throws {
        try await withReplicas { replicas in
            let (key, id) = try await Self.onboard(replicas.fixture, "marked")
            #expect(try await Self.status(replicas.b, key) == .ok)
            #expect(try await replicas.fixture.count("SELECT count(*) FROM relance.api_keys WHERE id = $1 AND last_used_at IS NOT NULL", [id]) == 1)
        }
    }

    /// RFC 9110 §11.1: the scheme is case-insensitive (why `BearerToken` is ours).
    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        try await withReplicas { replicas in
            let (key, _) = try await Self.onboard(replicas.fixture, "lowercase")
            for header in ["bearer \(key)", "BEARER \(key)", "Bearer  \(key) "] {
                let status = try await replicas.b.execute(uri: "/v1/settings", method: .get, headers: [.authorization: header]) { $0.status }
                #expect(status == .ok, "\(header.prefix(8))")
            }
            let empty = try await replicas.b.execute(uri: "/v1/settings", method: .get, headers: [.authorization: "Bearer "]) { $0.status }
            #expect(empty == .unauthorized)
        }
    }
}
