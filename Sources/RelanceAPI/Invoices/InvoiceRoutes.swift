import Hummingbird
import RelanceStore

/// /v1/invoices and its actions.
struct InvoiceRoutes {
    let tenancy: Tenancy

    func add(to group: RouterGroup<TenantRequestContext>) {
    }
}
