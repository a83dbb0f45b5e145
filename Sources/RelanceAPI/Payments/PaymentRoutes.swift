import Hummingbird
import RelanceStore

/// /v1/payments, /v1/payments/{id}/reverse, /v1/customers/{id}/apply-credit.
struct PaymentRoutes {
    let tenancy: Tenancy

    func add(to group: RouterGroup<TenantRequestContext>) {
    }
}
