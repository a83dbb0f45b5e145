import Hummingbird
import RelanceStore

/// /v1/credit-notes.
struct CreditNoteRoutes {
    let tenancy: Tenancy

    func add(to group: RouterGroup<TenantRequestContext>) {
    }
}
