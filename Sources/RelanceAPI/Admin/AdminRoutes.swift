import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// The `/admin/v1` onboarding API: firms, tenants and API keys. Every change is audited
/// with the actor `admin-api`. POSTs honour `Idempotency-Key` (scope `admin`); a replayed
/// response that carried an API key's token has `token: null` (a secret is shown once).
struct AdminRoutes {
    let directory: TenantDirectory
    let provisioner: TenantProvisioner
    let offboarding: TenantOffboarding
    static let actor = "admin-api"
    /// The largest page of firms and tenants.
    static let maximumLimit = 200
    static let idempotencyScope = "admin"

    struct CreatedKey: Encodable {
        var id: String
        var name: String
        var prefix: String
        var scopes: [String]
        /// The whole key: shown in this response only.
        var token: String
    }

    struct TenantDetail: Encodable {
        var tenant: Tenant
        var activeKeys: Int
        var revokedKeys: Int
        var schemaVersion: Int
        var latestSchemaVersion: Int
    }

    struct CreatedTenant: Encodable {
        var tenant: Tenant
        var apiKey: CreatedKey
    }

    static func uuid(_ text: String?, field: String) throws(Problem) -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw Problem.validation([.init(field: field, message: "is not a UUID")]) }
        return id
    }

    /// `perform` under the request's `Idempotency-Key` (scope `admin`), with `secrets` fields
    /// blanked in the stored copy.
    func idempotent(_ request: Request, body: JSONValue = .object([:]), secrets: Set<String> = [],
                    _ perform: () async throws -> StoredResponse) async throws -> Response {
        try await Idempotency.run(try Idempotency.key(request, body: body), scope: Self.idempotencyScope,
                                  pool: directory.pool, redacting: secrets, perform).response
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        JobRoutes(queue: JobQueue(pool: directory.pool)).add(to: group)
        ReferenceRateRoutes(rates: ReferenceRateRepository(pool: directory.pool)).add(to: group)
        group.post("firms") { request, _ in
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewFirmBody.self, from: json)
            return try await idempotent(request, body: json) {
                try JSONResponse.stored(try await directory.createFirm(name: body.name, actor: Self.actor), status: .created)
            }
        }
        group.get("firms") { request, _ in
            let page = try PageRequest.from(request, maximum: Self.maximumLimit)
            let firms = try await directory.firms(after: try page.position { UUID(uuidString: $0) }, limit: page.fetchLimit)
            return try JSONResponse.make(Page(fetched: firms, for: page) { $0.id.uuidString.lowercased() })
        }
        group.post("firms/:id/api-keys") { request, context in
            let firm = try Self.uuid(context.parameters.get("id"), field: "id")!
            return try await createKey(request, tenant: nil, firm: firm)
        }
        group.post("tenants") { request, _ in
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewTenantBody.self, from: json)
            let new = try body.newTenant()
            return try await idempotent(request, body: json, secrets: ["token"]) {
                let (tenant, key, keyID) = try await provisioner.create(new, actor: Self.actor)
                return try JSONResponse.stored(
                    CreatedTenant(tenant: tenant, apiKey: CreatedKey(id: keyID.uuidString.lowercased(), name: "default", prefix: key.prefix,
                                                                     scopes: ["read", "write"], token: key.token)),
                    status: .created)
            }
        }
        group.get("tenants") { request, _ in
            var errors = FieldErrors()
            let query = request.uri.queryParameters
            let page = PageRequest.from(request, maximum: Self.maximumLimit, into: &errors)
            let firmText = query["firm_id"].map(String.init)
            let firm = firmText.flatMap(UUID.init(uuidString:))
            if firmText != nil && firm == nil { errors.add("firm_id", "is not a UUID") }
            try errors.throwIfAny()
            let tenants = try await directory.tenants(after: page.position, limit: page.fetchLimit, firm: firm)
            return try JSONResponse.make(Page(fetched: tenants, for: page) { $0.slug.rawValue })
        }
        group.get("tenants/:slug") { _, context in
            let slug = context.parameters.get("slug") ?? ""
            guard let tenant = try await directory.tenant(slug) else { throw TenancyError.tenantNotFound(slug) }
            let counts = try await directory.keyCounts(tenant: slug)
            return try JSONResponse.make(TenantDetail(
                tenant: tenant, activeKeys: counts.active, revokedKeys: counts.revoked, schemaVersion: tenant.schemaVersion,
                latestSchemaVersion: provisioner.tenantMigrations.migrations.last?.version ?? 0))
        }
        group.delete("tenants/:slug") { _, context in
            let raw = context.parameters.get("slug") ?? ""
            guard let slug = try? TenantSlug(raw) else { throw TenancyError.tenantNotFound(raw) }
            return try JSONResponse.make(try await offboarding.offboard(slug, actor: Self.actor))
        }
        group.post("tenants/:slug/suspend") { request, context in
            try await idempotent(request) {
                try JSONResponse.stored(try await directory.setStatus(context.parameters.get("slug") ?? "", to: .suspended, actor: Self.actor))
            }
        }
        group.post("tenants/:slug/resume") { request, context in
            try await idempotent(request) {
                try JSONResponse.stored(try await directory.setStatus(context.parameters.get("slug") ?? "", to: .active, actor: Self.actor))
            }
        }
        group.post("tenants/:slug/api-keys") { request, context in
            try await createKey(request, tenant: context.parameters.get("slug") ?? "", firm: nil)
        }
        group.delete("api-keys/:id") { _, context in
            guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
                throw TenancyError.apiKeyNotFound(context.parameters.get("id") ?? "")
            }
            return try JSONResponse.make(try await directory.revokeKey(id, actor: Self.actor))
        }
    }

    func createKey(_ request: Request, tenant: String?, firm: UUID?) async throws -> Response {
        let json = try await StrictJSONDecoder.read(request)
        let body = try StrictJSONDecoder.decode(NewKeyBody.self, from: json)
        let scopes = Set((body.scopes ?? [.read, .write]).map(\.rawValue)).sorted()
        return try await idempotent(request, body: json, secrets: ["token"]) {
            let (record, key) = try await directory.createKey(tenant: tenant, firm: firm, name: body.name ?? "default", scopes: scopes, actor: Self.actor)
            return try JSONResponse.stored(
                CreatedKey(id: record.id.uuidString.lowercased(), name: record.name, prefix: record.prefix, scopes: record.scopes, token: key.token),
                status: .created)
        }
    }
}
