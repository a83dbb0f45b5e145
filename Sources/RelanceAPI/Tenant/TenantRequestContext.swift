import Hummingbird
import NIOCore
import RelanceStore

/// The request context of the tenant API: who called, and which tenant the request is for.
public struct TenantRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer (the last proxy, behind one); nil in router tests.
    public let remoteAddress: SocketAddress?
    /// Set by `TenantAuthMiddleware`.
    public var principal: Principal?
    /// Set by `TenantAuthMiddleware` once the key was checked against the tenant.
    public var tenant: Tenant?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The authorised tenant; a route behind `TenantAuthMiddleware` always has one.
    func requireTenant() throws -> Tenant {
        guard let tenant else { throw Problem.unauthorized("this endpoint needs an API key") }
        return tenant
    }
}
