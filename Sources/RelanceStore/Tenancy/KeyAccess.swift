/// What a presented API key reaches: who it is, and the tenant it addresses — its own for a
/// tenant key, the requested one for a firm key — or nil when no such tenant exists. The
/// caller still decides (status, firm, scope); this only carries what one lookup found.
public struct KeyAccess: Sendable, Equatable {
    public var principal: Principal
    public var tenant: Tenant?

    public init(principal: Principal, tenant: Tenant?) {
        self.principal = principal
        self.tenant = tenant
    }
}
