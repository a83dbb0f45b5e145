import Hummingbird
import RelanceStore

/// /v1/customers, /v1/customers/{id}, /v1/customers/{id}/contacts.
struct CustomerRoutes {
    let tenancy: Tenancy

    func add(to group: RouterGroup<TenantRequestContext>) {
    }
}
