import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `/v1/payments` (record, list, read, reverse) and `POST /v1/customers/{id}/apply-credit`.
struct PaymentRoutes {
    let database: TenantDatabase
    let payments = PaymentRepository()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("payments") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewPaymentBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    try JSONResponse.stored(PaymentDTO(try await payments.record(body.newPayment, actor: context.actor, in: tx)), status: .created)
                }
            }.response
        }
        group.get("payments") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, page, after) = try DatedCursor.customerListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await payments.list(customerID: customerID, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(PaymentDTO.init), for: page) { DatedCursor.position($0.receivedOn, $0.id) })
        }
        group.get("payments/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "payment")
            let payment = try await database.withTransaction(tenant.slug) { tx in try await payments.payment(id, in: tx) }
            return try JSONResponse.make(PaymentDTO(payment))
        }
        group.post("payments/:id/reverse") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "payment")
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(ReversePaymentBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    try JSONResponse.stored(PaymentDTO(try await payments.reverse(id, reason: body.reason, on: body.reversedOn,
                                                                                  actor: context.actor, in: tx)))
                }
            }.response
        }
        group.post("customers/:id/apply-credit") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            let json = try await StrictJSONDecoder.read(request)
            _ = try StrictJSONDecoder.decode(EmptyBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let (applied, currency) = try await payments.applyCredit(customerID: id, actor: context.actor, in: tx)
                    return try JSONResponse.stored(AppliedCreditDTO(customerID: id.uuidString.lowercased(), applied: Money(applied, currency)))
                }
            }.response
        }
    }
}

/// The answer of `apply-credit`: how much of the customer's credit went to its invoices.
struct AppliedCreditDTO: Encodable {
    var customerID: String
    var applied: Money
}
