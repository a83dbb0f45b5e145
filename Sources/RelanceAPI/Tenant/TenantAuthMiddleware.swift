import Hummingbird
import RelanceCore
import RelanceStore

/// Authenticates the bearer API key and decides the request's tenant.
///
/// - Unknown, malformed or revoked key: 401.
/// - A tenant key reaches its own tenant under `/v1/...`; under `/v1/tenants/{slug}/...`
///   only its own slug.
/// - A firm key reaches only `/v1/tenants/{slug}/...` of tenants of its firm; any other
///   slug is 404, exactly as a tenant that does not exist, so slugs cannot be probed.
/// - A suspended tenant: 403. A tenant being offboarded: 404.
/// - A read-only key on a method other than GET/HEAD: 403.
///
/// The key and its tenant come from one lookup (`TenantAuthenticator`: one query, or none
/// while cached), so authentication costs at most one round trip before the tenant
/// transaction.
struct TenantAuthMiddleware: RouterMiddleware {
    typealias Context = TenantRequestContext
    let authenticator: TenantAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = BearerToken.from(request.headers[.authorization]) else {
            throw Problem.unauthorized("send Authorization: Bearer <API key>")
        }
        let requested = context.parameters.get("slug")
        guard let access = try await authenticator.access(token: token, tenant: requested) else {
            throw Problem.unauthorized("the API key is unknown or revoked")
        }
        let principal = access.principal
        let slug: String
        if let tenantSlug = principal.tenantSlug {
            if let requested, requested != tenantSlug { throw Problem.notFound("no tenant \(requested)") }
            slug = tenantSlug
        } else {
            guard let requested else {
                throw Problem.notFound("a firm key addresses a tenant: /v1/tenants/{slug}/…")
            }
            slug = requested
        }
        guard let tenant = access.tenant, tenant.slug.rawValue == slug, tenant.status != .offboarding,
              principal.tenantSlug != nil || (tenant.firmID != nil && tenant.firmID == principal.firmID)
        else {
            throw Problem.notFound("no tenant \(slug)")
        }
        guard tenant.status == .active else {
            throw Problem.forbidden("tenant \(slug) is suspended")
        }
        if request.method != .get && request.method != .head && !principal.canWrite {
            throw Problem.forbidden("this API key is read-only")
        }
        var context = context
        context.principal = principal
        context.tenant = tenant
        return try await next(request, context)
    }
}
