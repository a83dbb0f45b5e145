import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// The `/admin/v1` onboarding API: firms, tenants and API keys. Every change is audited
/// with the actor `admin-api`.
struct AdminRoutes {
    let directory: TenantDirectory
    let provisioner: TenantProvisioner
    let offboarding: TenantOffboarding
    static let actor = "admin-api"

    struct Page<Item: Encodable>: Encodable {
        var data: [Item]
        var nextCursor: String?
    }

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

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"].map(String.init) else { return 50 }
        guard let value = Int(text), (1...200).contains(value) else {
            throw Problem.validation([.init(field: "limit", message: "must be a whole number from 1 to 200")])
        }
        return value
    }

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw Problem.validation([.init(field: field, message: "is not a UUID")]) }
        return id
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        JobRoutes(queue: JobQueue(pool: directory.pool)).add(to: group)
        group.post("firms") { request, context in
            var body = try await JSONBody.read(request, context: context, allowed: ["name"])
            let name = body.string("name", required: true)
            body.validate("name", name, SettingsRule.name)
            try body.finish()
            return try JSONResponse.make(try await directory.createFirm(name: name!, actor: Self.actor), status: .created)
        }
        group.get("firms") { request, _ in
            let limit = try Self.limit(request)
            let firms = try await directory.firms(after: try Self.uuid(request.uri.queryParameters["cursor"].map(String.init), field: "cursor"), limit: limit)
            return try JSONResponse.make(Page(data: firms, nextCursor: firms.count == limit ? firms.last?.id.uuidString.lowercased() : nil))
        }
        group.post("firms/:id/api-keys") { request, context in
            let firm = try Self.uuid(context.parameters.get("id"), field: "id")!
            return try await createKey(request, context: context, tenant: nil, firm: firm)
        }
        group.post("tenants") { request, context in
            var body = try await JSONBody.read(request, context: context, allowed: ["slug", "display_name", "firm_id", "time_zone", "currency", "locale"])
            let rawSlug = body.string("slug", required: true)
            var slug: TenantSlug?
            if let rawSlug {
                do throws(TenantSlug.Problem) { slug = try TenantSlug(rawSlug) } catch { body.fail("slug", error.message) }
            }
            let name = body.string("display_name", required: true)
            body.validate("display_name", name, SettingsRule.name)
            let firmText = body.string("firm_id", nullable: true)
            let firm = firmText.flatMap(UUID.init(uuidString:))
            if firmText != nil && firm == nil { body.fail("firm_id", "is not a UUID") }
            let timeZone = body.string("time_zone") ?? "Europe/Paris"
            body.validate("time_zone", timeZone, SettingsRule.timeZone)
            let currency = body.string("currency") ?? "EUR"
            body.validate("currency", currency, SettingsRule.currency)
            let locale = body.string("locale") ?? "fr-FR"
            body.validate("locale", locale, SettingsRule.locale)
            try body.finish()
            let new = NewTenant(slug: slug!, displayName: name!, firmID: firm, timeZone: timeZone, currency: currency, locale: locale)
            let (tenant, key, keyID) = try await provisioner.create(new, actor: Self.actor)
            return try JSONResponse.make(
                CreatedTenant(tenant: tenant, apiKey: CreatedKey(id: keyID.uuidString.lowercased(), name: "default", prefix: key.prefix, scopes: ["read", "write"], token: key.token)),
                status: .created)
        }
        group.get("tenants") { request, _ in
            let limit = try Self.limit(request)
            let firm = try Self.uuid(request.uri.queryParameters["firm_id"].map(String.init), field: "firm_id")
            let tenants = try await directory.tenants(after: request.uri.queryParameters["cursor"].map(String.init), limit: limit, firm: firm)
            return try JSONResponse.make(Page(data: tenants, nextCursor: tenants.count == limit ? tenants.last?.slug.rawValue : nil))
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
        group.post("tenants/:slug/suspend") { _, context in
            try JSONResponse.make(try await directory.setStatus(context.parameters.get("slug") ?? "", to: .suspended, actor: Self.actor))
        }
        group.post("tenants/:slug/resume") { _, context in
            try JSONResponse.make(try await directory.setStatus(context.parameters.get("slug") ?? "", to: .active, actor: Self.actor))
        }
        group.post("tenants/:slug/api-keys") { request, context in
            try await createKey(request, context: context, tenant: context.parameters.get("slug") ?? "", firm: nil)
        }
        group.delete("api-keys/:id") { _, context in
            guard let id = UUID(uuidString: context.parameters.get("id") ?? "") else {
                throw TenancyError.apiKeyNotFound(context.parameters.get("id") ?? "")
            }
            return try JSONResponse.make(try await directory.revokeKey(id, actor: Self.actor))
        }
    }

    func createKey(_ request: Request, context: BasicRequestContext, tenant: String?, firm: UUID?) async throws -> Response {
        var body = try await JSONBody.read(request, context: context, allowed: ["name", "scopes"])
        let name = body.string("name") ?? "default"
        body.validate("name", name, SettingsRule.name)
        let scopes = body.stringArray("scopes") ?? ["read", "write"]
        if scopes.isEmpty || !scopes.allSatisfy({ APIKeyScope(rawValue: $0) != nil }) {
            body.fail("scopes", "must be a non-empty list of read, write")
        }
        try body.finish()
        let (record, key) = try await directory.createKey(tenant: tenant, firm: firm, name: name, scopes: Array(Set(scopes)).sorted(), actor: Self.actor)
        return try JSONResponse.make(CreatedKey(id: record.id.uuidString.lowercased(), name: record.name, prefix: record.prefix, scopes: record.scopes, token: key.token), status: .created)
    }
}
