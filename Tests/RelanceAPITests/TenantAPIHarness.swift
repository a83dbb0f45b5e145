import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RelanceAPI
import RelanceStore
import RelanceTestSupport
import Testing

/// One onboarded tenant behind the tenant API, for the receivables tests: a client, the
/// tenant's key, and JSON helpers that return the status and the decoded body.
struct TenantAPIHarness: Sendable {
    let client: any TestClientProtocol
    let admin: any TestClientProtocol
    let key: String
    let fixture: TenancyFixture
    let tenancy: Tenancy
    let slug: String

    /// A JSON response: its status, its body as a tree, and the raw text for messages.
    struct Reply: @unchecked Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Any?
        var text: String
        /// The body as an object (empty when it is not one).
        var json: [String: Any] { body as? [String: Any] ?? [:] }
        /// The body's `data` array (a list page).
        var data: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
        /// The fields named by a problem's `errors`.
        var errorFields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
    }

    /// Runs `body` with a fresh database, one tenant (`slug`, Europe/Paris, EUR) and its key.
    /// - Parameters:
    ///   - environment: more settings of the API (`RELANCE_PAY_PAGE_RATE_PER_MINUTE`,
    ///     `RELANCE_WEBHOOKS_ALLOW_LOOPBACK`…).
    ///   - live: serve the tenant API on a real port (`client.port`), for a browser.
    static func with(slug: String = "acme", environment: [String: String] = [:], live: Bool = false,
                     _ body: @escaping @Sendable (TenantAPIHarness) async throws -> Void) async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let settings = try Settings(environment: environment.merging(["DATABASE_URL": fixture.configuration.connectionString]) { $1 },
                                        applicationName: "test")
            let tenancy = Tenancy(pool: fixture.pool, tenantMigrations: fixture.provisioner.tenantMigrations, rolePrefix: fixture.provisioner.rolePrefix,
                                  exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)"))
            let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
            let admin = Servers.adminAPI(settings: settings, adminToken: TenancyAPITests.adminToken, tenancy: tenancy, logger: Logger(label: "test"))
            let api = Servers.tenantAPI(settings: settings, readiness: ReadinessProbe(pool: fixture.pool, control: control), tenancy: tenancy, logger: Logger(label: "test"))
            try await admin.test(.router) { adminClient in
                try await api.test(live ? .live : .router) { apiClient in
                    let key = try await TenancyAPITests.onboard(adminClient, slug: slug)
                    try await body(TenantAPIHarness(client: apiClient, admin: adminClient, key: key, fixture: fixture, tenancy: tenancy, slug: slug))
                }
            }
        }
    }

    /// Sends `method path` with `json` (a string of JSON, or nil) and returns the reply.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, key: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers: HTTPFields = [.authorization: "Bearer \(key ?? self.key)", .contentType: "application/json"]
        headers.append(contentsOf: extra)
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let body = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            return Reply(status: response.status, headers: response.headers, body: body, text: text)
        }
    }

    /// `send` with a body given as a dictionary.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, object: [String: Any], key: String? = nil) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try await send(method, path, String(decoding: data, as: UTF8.self), key: key)
    }

    /// Counts rows in the tenant's schema (`table` is a tenant table name).
    func count(_ table: String) async throws -> Int {
        try await fixture.count("SELECT count(*)::int8 FROM \(qualified: "t_\(slug)", table)")
    }
}

extension TenantAPIHarness {
    /// Inserts a customer straight into the tenant's schema (for tests of other resources)
    /// and returns its id.
    func insertCustomer(name: String = "Client SARL", currency: String? = nil, language: String? = nil) async throws -> String {
        let id = UUID()
        try await fixture.pool.query("""
            INSERT INTO \(qualified: "t_\(slug)", "customers") (id, name, currency, language) VALUES (\(id), \(name), \(currency)::char(3), \(language))
            """)
        return id.uuidString.lowercased()
    }

    /// Sets tenant settings columns straight in the tenant's schema (`column = value`).
    func setSetting(_ column: String, _ value: any PostgresEncodable & Sendable) async throws {
        try await fixture.pool.query("UPDATE \(qualified: "t_\(slug)", "settings") SET \(identifier: column) = \(value)")
    }

    /// Runs the reconciliation check (`relance ledger check`) on this tenant and expects no
    /// difference.
    func expectConsistentLedger(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let results = try await LedgerCheck(database: tenancy.database, directory: tenancy.directory).run(tenant: slug)
        for (_, differences) in results {
            #expect(differences.isEmpty, "ledger check: \(differences.map(\.description).joined(separator: "; "))", sourceLocation: sourceLocation)
        }
    }
}
