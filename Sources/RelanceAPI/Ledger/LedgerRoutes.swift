import Hummingbird
import RelanceStore

/// /v1/customers/{id}/timeline and /v1/customers/{id}/statement.
struct LedgerRoutes {
    let tenancy: Tenancy

    func add(to group: RouterGroup<TenantRequestContext>) {
    }
}
