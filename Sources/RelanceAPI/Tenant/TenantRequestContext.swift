import Hummingbird
import RelanceStore

/// The request context of the tenant API: who called, and which tenant the request is for.
public struct TenantRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `TenantAuthMiddleware`.
    public var principal: Principal?
    /// Set by `TenantAuthMiddleware` once the key was checked against the tenant.
    public var tenant: Tenant?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The authorised tenant; a route behind `TenantAuthMiddleware` always has one.
    func requireTenant() throws -> Tenant {
        guard let tenant else { throw Problem.unauthorized("this endpoint needs an API key") }
        return tenant
    }
}
