import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `GET /v1/invoices/{id}/late-charges?as_of=`: late interest and the recovery indemnity as
/// of a date (default the tenant's today), from the tenant's interest rule and the reference
/// rates of the control schema.
struct LateChargeRoutes {
    let database: TenantDatabase
    let rates: ReferenceRateRepository
    let reader = LateChargesReader()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("invoices/:id/late-charges") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "invoice")
            var errors = FieldErrors()
            let asOf = QueryValue.date(request, "as_of", &errors)
            try errors.throwIfAny()
            let known = try await rates.all()
            let late = try await database.withTransaction(tenant.slug) { tx in
                try await reader.charges(invoiceID: id, asOf: asOf, rates: known, in: tx)
            }
            return try JSONResponse.make(LateChargesDTO(late))
        }
    }
}
