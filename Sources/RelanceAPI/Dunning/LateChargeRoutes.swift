import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `GET /v1/invoices/{id}/late-charges?as_of=`: late interest and the recovery indemnity as
/// of a date (default the tenant's today), from the tenant's interest rule and the reference
/// rates of the control schema; `POST /v1/invoices/{id}/late-charges/invoice` bills what is
/// not billed yet as a charge invoice (`Idempotency-Key` taken).
struct LateChargeRoutes {
    let database: TenantDatabase
    let rates: ReferenceRateRepository
    let publicBaseURL: String
    let reader = LateChargesReader()
    let invoicing = LateChargeInvoicing()

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
        group.post("invoices/:id/late-charges/invoice") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "invoice")
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(LateChargeInvoiceBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            let known = try await rates.all()
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let invoice = try await invoicing.invoice(for: id, asOf: body.asOf, rates: known, actor: context.actor, in: tx)
                    return try JSONResponse.stored(InvoiceDTO(invoice, publicBaseURL: publicBaseURL), status: .created)
                }
            }
            return outcome.response
        }
    }
}
