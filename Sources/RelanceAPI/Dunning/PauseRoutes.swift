import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// The pauses of dunning: `POST /v1/invoices/{id}/disputes`, `POST /v1/disputes/{id}/resolve`,
/// `GET /v1/disputes[/{id}]`; `POST /v1/promises`, `GET /v1/promises[/{id}]`; `POST /v1/payment-plans`,
/// `GET /v1/payment-plans[/{id}]`. POSTs take `Idempotency-Key`.
struct PauseRoutes {
    let database: TenantDatabase
    let disputes = DisputeRepository()
    let promises = PromiseRepository()
    let plans = PaymentPlanRepository()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("invoices/:id/disputes") { request, context in
            let tenant = try context.requireTenant()
            let invoiceID = try context.resourceID("id", "invoice")
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewDisputeBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let dispute = try await disputes.open(invoiceID: invoiceID, reason: body.reason, amount: body.amount?.amount,
                                                          currency: body.amount?.currency, notes: body.notes, openedOn: body.openedOn,
                                                          actor: context.actor, in: tx)
                    return try JSONResponse.stored(DisputeDTO(dispute), status: .created)
                }
            }.response
        }
        group.post("disputes/:id/resolve") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "dispute")
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(ResolveDisputeBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let dispute = try await disputes.resolve(id, upheld: body.outcome == .upheld, notes: body.notes, resolvedOn: body.resolvedOn,
                                                             actor: context.actor, in: tx)
                    return try JSONResponse.stored(DisputeDTO(dispute))
                }
            }.response
        }
        group.get("disputes") { request, context in
            let tenant = try context.requireTenant()
            var errors = FieldErrors()
            let invoiceID = QueryValue.uuid(request, "invoice_id", &errors)
            let customerID = QueryValue.uuid(request, "customer_id", &errors)
            let status: Dispute.Status? = QueryValue.choice(request, "status", &errors)
            let page = PageRequest.from(request, maximum: 200, into: &errors)
            try errors.throwIfAny()
            let after = try page.position(DatedCursor.parse)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await disputes.list(invoiceID: invoiceID, customerID: customerID, status: status, after: after.map { ($0.date, $0.id) },
                                        limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(DisputeDTO.init), for: page) { DatedCursor.position($0.openedOn, $0.id) })
        }
        group.get("disputes/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "dispute")
            let dispute = try await database.withTransaction(tenant.slug) { tx in try await disputes.dispute(id, in: tx) }
            return try JSONResponse.make(DisputeDTO(dispute))
        }
        group.post("promises") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewPromiseBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let promise = try await promises.create(customerID: body.customerID, invoiceIDs: body.invoiceIds ?? [], amount: body.amount?.amount,
                                                            currency: body.amount?.currency, promisedDate: body.promisedDate, madeOn: body.madeOn,
                                                            notes: body.notes, actor: context.actor, in: tx)
                    return try JSONResponse.stored(PromiseDTO(promise), status: .created)
                }
            }.response
        }
        group.get("promises") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, status, page, after): (UUID?, PromiseStatus?, PageRequest, (CalendarDate, UUID)?) =
                try DatedCursor.customerStatusListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await promises.list(customerID: customerID, status: status, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(PromiseDTO.init), for: page) { DatedCursor.position($0.madeOn, $0.id) })
        }
        group.get("promises/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "promise")
            let promise = try await database.withTransaction(tenant.slug) { tx in try await promises.promise(id, in: tx) }
            return try JSONResponse.make(PromiseDTO(promise))
        }
        group.post("payment-plans") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewPaymentPlanBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let profile = body.installments.first?.amount.currency
                    if let mixed = body.installments.firstIndex(where: { $0.amount.currency != profile }) {
                        throw ReceivablesError.invalid(field: "installments[\(mixed)].amount.currency", message: "must be the same for every installment")
                    }
                    let plan = try await plans.create(customerID: body.customerID, invoiceIDs: body.invoiceIds,
                                                      installments: body.installments.map { PlanInstallment(dueDate: $0.dueDate, amount: $0.amount.amount) },
                                                      agreedOn: body.agreedOn, notes: body.notes, actor: context.actor, in: tx)
                    if let profile, profile != plan.currency {
                        throw ReceivablesError.invalid(field: "installments[0].amount.currency", message: "must be the invoices' currency (\(plan.currency.code))")
                    }
                    return try JSONResponse.stored(PaymentPlanDTO(plan), status: .created)
                }
            }.response
        }
        group.get("payment-plans") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, status, page, after): (UUID?, PaymentPlanStatus?, PageRequest, (CalendarDate, UUID)?) =
                try DatedCursor.customerStatusListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await plans.list(customerID: customerID, status: status, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(PaymentPlanDTO.init), for: page) { DatedCursor.position($0.agreedOn, $0.id) })
        }
        group.get("payment-plans/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "payment plan")
            let plan = try await database.withTransaction(tenant.slug) { tx in try await plans.plan(id, in: tx) }
            return try JSONResponse.make(PaymentPlanDTO(plan))
        }
    }
}
