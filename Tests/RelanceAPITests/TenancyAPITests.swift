import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import RelanceAPI
import RelanceStore
import RelanceTestSupport
import Testing

/// Onboarding through the admin API and isolation through the tenant API, end to end.
@Suite struct TenancyAPITests {
    static let adminToken = "tenancy-admin-token-0123456789"

    /// Runs `body` with an admin client and a tenant-API client over one fresh database.
    func withAPIs(_ body: @escaping @Sendable (any TestClientProtocol, any TestClientProtocol, TenancyFixture) async throws -> Void) async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let settings = try Settings(environment: ["DATABASE_URL": fixture.configuration.connectionString], applicationName: "test")
            let tenancy = Tenancy(pool: fixture.pool, tenantMigrations: fixture.provisioner.tenantMigrations, rolePrefix: fixture.provisioner.rolePrefix,
                                  exportDirectory: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)"))
            let control = try MigrationSet.load(from: SQLDirectory.resolve(), scope: .control)
            let admin = Servers.adminAPI(settings: settings, adminToken: Self.adminToken, tenancy: tenancy, logger: Logger(label: "test"))
            let api = Servers.tenantAPI(settings: settings, readiness: ReadinessProbe(pool: fixture.pool, control: control), tenancy: tenancy, logger: Logger(label: "test"))
            try await admin.test(.router) { adminClient in
                try await api.test(.router) { apiClient in
                    try await body(adminClient, apiClient, fixture)
                }
            }
        }
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func adminHeaders() -> HTTPFields { [.authorization: "Bearer \(adminToken)", .contentType: "application/json"] }

    static func keyHeaders(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    /// Creates a tenant through the admin API and returns its first key.
    static func onboard(_ admin: any TestClientProtocol, slug: String, firm: String? = nil) async throws -> String {
        var body: [String: Any] = ["slug": slug, "display_name": "Tenant \(slug)", "time_zone": "Europe/Paris", "currency": "EUR", "locale": "fr-FR"]
        if let firm { body["firm_id"] = firm }
        return try await admin.execute(uri: "/admin/v1/tenants", method: .post, headers: adminHeaders(),
                                       body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) { response in
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return ((json(response.body)["api_key"] as? [String: Any])?["token"] as? String) ?? ""
        }
    }

    @Test func onboardReadAndChangeSettings() async throws {
        try await withAPIs { admin, api, _ in
            let key = try await Self.onboard(admin, slug: "boulangerie")
            #expect(key.hasPrefix("rl_live_"))
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(key)) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["display_name"] as? String == "Tenant boulangerie")
                #expect(Self.json(response.body)["time_zone"] as? String == "Europe/Paris")
            }
            let patch = #"{"display_name": "Boulangerie Martin", "bank_iban": "FR76 3000 6000 0112 3456 7890 189", "bank_bic": "AGRIFRPP", "sender_email": "relances@martin.fr"}"#
            try await api.execute(uri: "/v1/settings", method: .patch, headers: Self.keyHeaders(key), body: ByteBuffer(string: patch)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(Self.json(response.body)["bank_iban"] as? String == "FR7630006000011234567890189")
            }
            try await admin.execute(uri: "/admin/v1/tenants/boulangerie", method: .get, headers: Self.adminHeaders()) { response in
                #expect(response.status == .ok)
                let tenant = Self.json(response.body)["tenant"] as? [String: Any]
                #expect(tenant?["display_name"] as? String == "Boulangerie Martin")
                #expect(Self.json(response.body)["active_keys"] as? Int == 1)
            }
        }
    }

    @Test func badSettingsAreRefusedFieldByFieldAndChangeNothing() async throws {
        try await withAPIs { admin, api, _ in
            let key = try await Self.onboard(admin, slug: "strict")
            let bad = #"{"time_zone": "Mars/Olympus", "currency": "eur", "bank_iban": "FR76 0000", "colour": "blue"}"#
            try await api.execute(uri: "/v1/settings", method: .patch, headers: Self.keyHeaders(key), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let fields = Set((Self.json(response.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
                #expect(fields == ["time_zone", "currency", "bank_iban", "colour"], "every bad field, unknown ones included, in one problem")
            }
            let invalid = #"{"time_zone": "Mars/Olympus", "currency": "eur", "bank_iban": "FR76 0000"}"#
            try await api.execute(uri: "/v1/settings", method: .patch, headers: Self.keyHeaders(key), body: ByteBuffer(string: invalid)) { response in
                #expect(response.status == .badRequest)
                let fields = Set((Self.json(response.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
                #expect(fields == ["time_zone", "currency", "bank_iban"])
            }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(key)) { response in
                #expect(Self.json(response.body)["time_zone"] as? String == "Europe/Paris")
                #expect(Self.json(response.body)["currency"] as? String == "EUR")
            }
        }
    }

    @Test func keysScopesSuspensionAndRevocation() async throws {
        try await withAPIs { admin, api, _ in
            let key = try await Self.onboard(admin, slug: "keyed")
            try await api.execute(uri: "/v1/settings", method: .get) { #expect($0.status == .unauthorized) }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders("rl_live_000000000000_" + String(repeating: "0", count: 48))) {
                #expect($0.status == .unauthorized)
            }
            let (readOnly, readOnlyID) = try await admin.execute(
                uri: "/admin/v1/tenants/keyed/api-keys", method: .post, headers: Self.adminHeaders(),
                body: ByteBuffer(string: #"{"name": "reporting", "scopes": ["read"]}"#)) { response in
                #expect(response.status == .created)
                return (Self.json(response.body)["token"] as? String ?? "", Self.json(response.body)["id"] as? String ?? "")
            }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(readOnly)) { #expect($0.status == .ok) }
            try await api.execute(uri: "/v1/settings", method: .patch, headers: Self.keyHeaders(readOnly), body: ByteBuffer(string: #"{"locale": "en"}"#)) {
                #expect($0.status == .forbidden)
            }
            try await admin.execute(uri: "/admin/v1/tenants/keyed/suspend", method: .post, headers: Self.adminHeaders()) { #expect($0.status == .ok) }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(key)) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await admin.execute(uri: "/admin/v1/tenants/keyed/resume", method: .post, headers: Self.adminHeaders()) { #expect($0.status == .ok) }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(key)) { #expect($0.status == .ok) }
            try await admin.execute(uri: "/admin/v1/api-keys/\(readOnlyID)", method: .delete, headers: Self.adminHeaders()) { #expect($0.status == .ok) }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(readOnly)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func aTenantKeyNeverReachesAnotherTenant() async throws {
        try await withAPIs { admin, api, _ in
            let keyA = try await Self.onboard(admin, slug: "tenant_a")
            _ = try await Self.onboard(admin, slug: "tenant_b")
            for path in ["/v1/tenants/tenant_b/settings", "/v1/tenants/nobody/settings"] {
                try await api.execute(uri: path, method: .get, headers: Self.keyHeaders(keyA)) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(!String(buffer: response.body).contains("Tenant tenant_b"))
                }
                try await api.execute(uri: path, method: .patch, headers: Self.keyHeaders(keyA), body: ByteBuffer(string: #"{"display_name": "pwned"}"#)) {
                    #expect($0.status == .notFound, "\(path)")
                }
            }
            try await api.execute(uri: "/v1/tenants/tenant_a/settings", method: .get, headers: Self.keyHeaders(keyA)) { response in
                #expect(Self.json(response.body)["display_name"] as? String == "Tenant tenant_a")
            }
        }
    }

    @Test func aFirmKeyReachesItsTenantsAndNoOthers() async throws {
        try await withAPIs { admin, api, _ in
            let firm = try await admin.execute(uri: "/admin/v1/firms", method: .post, headers: Self.adminHeaders(), body: ByteBuffer(string: #"{"name": "Cabinet Dupont"}"#)) { response in
                #expect(response.status == .created)
                return Self.json(response.body)["id"] as? String ?? ""
            }
            _ = try await Self.onboard(admin, slug: "client_one", firm: firm)
            _ = try await Self.onboard(admin, slug: "outsider")
            let firmKey = try await admin.execute(uri: "/admin/v1/firms/\(firm)/api-keys", method: .post, headers: Self.adminHeaders(), body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .created)
                return Self.json(response.body)["token"] as? String ?? ""
            }
            try await api.execute(uri: "/v1/tenants/client_one/settings", method: .get, headers: Self.keyHeaders(firmKey)) { #expect($0.status == .ok) }
            try await api.execute(uri: "/v1/tenants/outsider/settings", method: .get, headers: Self.keyHeaders(firmKey)) { #expect($0.status == .notFound) }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(firmKey)) { #expect($0.status == .notFound) }
            try await admin.execute(uri: "/admin/v1/tenants?firm_id=\(firm)", method: .get, headers: Self.adminHeaders()) { response in
                let slugs = (Self.json(response.body)["data"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }
                #expect(slugs == ["client_one"])
            }
        }
    }

    @Test(arguments: ["acme'x", "acme;drop", "ac me", "écran", "acmé", "Acme", "a" + String(repeating: "b", count: 40), "ab", "1abc", "acme\"x"])
    func hostileSlugsAre400WithAFieldErrorAndCreateNothing(slug: String) async throws {
        try await withAPIs { admin, _, fixture in
            let body = try JSONSerialization.data(withJSONObject: ["slug": slug, "display_name": "X"])
            try await admin.execute(uri: "/admin/v1/tenants", method: .post, headers: Self.adminHeaders(), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .badRequest, "\(slug)")
                let fields = (Self.json(response.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(fields == ["slug"], "\(slug)")
            }
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%'") == 0)
        }
    }

    @Test func theSameSlugTwiceIs409AndPaginationWalksEveryTenant() async throws {
        try await withAPIs { admin, _, _ in
            for slug in ["alpha", "bravo", "charlie"] { _ = try await Self.onboard(admin, slug: slug) }
            let body = ByteBuffer(string: #"{"slug": "bravo", "display_name": "Again"}"#)
            try await admin.execute(uri: "/admin/v1/tenants", method: .post, headers: Self.adminHeaders(), body: body) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("slug"))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/admin/v1/tenants?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await admin.execute(uri: uri, method: .get, headers: Self.adminHeaders()) { response in
                    let page = Self.json(response.body)
                    seen += (page["data"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } ?? []
                    return page["next_cursor"] as? String
                }
            } while cursor != nil
            #expect(seen == ["alpha", "bravo", "charlie"])
        }
    }
}

extension TenancyAPITests {
    @Test func deletingATenantExportsItThenTheTenantIsGone() async throws {
        try await withAPIs { admin, api, fixture in
            let key = try await Self.onboard(admin, slug: "goodbye")
            try await admin.execute(uri: "/admin/v1/tenants/goodbye", method: .delete, headers: Self.adminHeaders()) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let tables = (Self.json(response.body)["tables"] as? [[String: Any]])?.compactMap { $0["table"] as? String }
                #expect(tables?.contains("settings") == true)
                #expect((Self.json(response.body)["archive"] as? String)?.hasSuffix(".tar.gz") == true)
            }
            try await api.execute(uri: "/v1/settings", method: .get, headers: Self.keyHeaders(key)) { #expect($0.status == .unauthorized) }
            try await admin.execute(uri: "/admin/v1/tenants/goodbye", method: .get, headers: Self.adminHeaders()) { #expect($0.status == .notFound) }
            try await admin.execute(uri: "/admin/v1/tenants/goodbye", method: .delete, headers: Self.adminHeaders()) { #expect($0.status == .notFound) }
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_goodbye'") == 0)
        }
    }
}

extension TenancyAPITests {
    @Test func badAdminInputIsAProblemAndWritesNothing() async throws {
        try await withAPIs { admin, _, fixture in
            let cases: [(HTTPRequest.Method, String, String, HTTPResponse.Status, String)] = [
                (.post, "/admin/v1/firms", "{not json", .badRequest, "body"),
                (.post, "/admin/v1/firms", #"["a list"]"#, .badRequest, "body"),
                (.post, "/admin/v1/firms", #"{"name": "   "}"#, .badRequest, "name"),
                (.post, "/admin/v1/firms", #"{"name": 42}"#, .badRequest, "name"),
                (.post, "/admin/v1/tenants", #"{"slug": "shop", "display_name": "S", "firm_id": "not-a-uuid"}"#, .badRequest, "firm_id"),
                (.post, "/admin/v1/tenants", #"{"slug": "shop", "display_name": "S", "time_zone": "Paris", "locale": "french"}"#, .badRequest, "time_zone"),
                (.post, "/admin/v1/tenants", #"{"slug": "shop", "display_name": "S", "firm_id": "7b0e1c1e-52a2-4a0c-9a43-0f4f35c8a6a1"}"#, .notFound, ""),
                (.post, "/admin/v1/tenants", #"{"display_name": "S"}"#, .badRequest, "slug"),
                (.post, "/admin/v1/tenants/nobody/api-keys", #"{"name": "x"}"#, .notFound, ""),
                (.get, "/admin/v1/tenants?limit=0", "", .badRequest, "limit"),
                (.get, "/admin/v1/tenants?firm_id=nope", "", .badRequest, "firm_id"),
                (.post, "/admin/v1/tenants/nobody/suspend", "", .notFound, ""),
                (.delete, "/admin/v1/api-keys/7b0e1c1e-52a2-4a0c-9a43-0f4f35c8a6a1", "", .notFound, ""),
                (.delete, "/admin/v1/api-keys/not-a-uuid", "", .notFound, ""),
            ]
            for (method, uri, body, status, field) in cases {
                try await admin.execute(uri: uri, method: method, headers: Self.adminHeaders(), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(method) \(uri) \(body): \(String(buffer: response.body))")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                    if !field.isEmpty {
                        let fields = (Self.json(response.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                        #expect(fields.contains(field), "\(method) \(uri) \(body): \(fields)")
                    }
                }
            }
            _ = try await Self.onboard(admin, slug: "keyless")
            try await admin.execute(uri: "/admin/v1/tenants/keyless/api-keys", method: .post, headers: Self.adminHeaders(),
                                    body: ByteBuffer(string: #"{"scopes": ["admin"]}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("scopes"))
            }
            #expect(try await fixture.count("SELECT count(*) FROM relance.firms") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys") == 1)
        }
    }

    @Test func idsInResponsesAreLowercase() async throws {
        try await withAPIs { admin, _, _ in
            let firm = try await admin.execute(uri: "/admin/v1/firms", method: .post, headers: Self.adminHeaders(), body: ByteBuffer(string: #"{"name": "Cabinet"}"#)) {
                Self.json($0.body)["id"] as? String ?? ""
            }
            #expect(!firm.isEmpty && firm == firm.lowercased())
            let body = ByteBuffer(string: #"{"slug": "lower", "display_name": "L", "firm_id": "\#(firm.uppercased())"}"#)
            try await admin.execute(uri: "/admin/v1/tenants", method: .post, headers: Self.adminHeaders(), body: body) { response in
                #expect(response.status == .created)
                let json = Self.json(response.body)
                #expect((json["tenant"] as? [String: Any])?["firm_id"] as? String == firm)
                let keyID = (json["api_key"] as? [String: Any])?["id"] as? String ?? ""
                #expect(!keyID.isEmpty && keyID == keyID.lowercased())
            }
        }
    }
}
