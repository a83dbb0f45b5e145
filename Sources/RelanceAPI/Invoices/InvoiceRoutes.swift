import Foundation
import Hummingbird
import Postgres
import RelanceCore
import RelanceStore

/// `/v1/invoices`: create (draft or issued), read (also as of a date), list with filters,
/// and the state changes `issue`, `void` and `write-off`. Every POST takes
/// `Idempotency-Key`.
struct InvoiceRoutes {
    let database: TenantDatabase
    let publicBaseURL: String
    let invoices = InvoiceRepository()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("invoices") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewInvoiceBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let invoice = try await invoices.create(body.newInvoice, actor: context.actor, in: tx)
                    return try JSONResponse.stored(InvoiceDTO(invoice, publicBaseURL: publicBaseURL), status: .created)
                }
            }
            return outcome.response
        }
        group.get("invoices") { request, context in
            let tenant = try context.requireTenant()
            let (filter, page) = try InvoiceListQuery.parse(request)
            let after = try page.position { text in
                InvoiceListQuery.position(text).flatMap { filter.sort == .number || CalendarDate($0.key) != nil ? $0 : nil }
            }
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await invoices.list(filter, after: after, limit: page.fetchLimit, in: tx)
            }
            let dtos = found.map { InvoiceDTO($0, publicBaseURL: publicBaseURL) }
            return try JSONResponse.make(Page(fetched: dtos, for: page) { dto in
                let key = filter.sort == .number ? (dto.number ?? "") : dto.dueDate.description
                return "\(dto.id) \(key)"
            })
        }
        group.get("invoices/:id") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "invoice")
            var errors = FieldErrors()
            let asOf = QueryValue.date(request, "as_of", &errors)
            try errors.throwIfAny()
            let invoice = try await database.withTransaction(tenant.slug) { tx in try await invoices.invoice(id, asOf: asOf, in: tx) }
            return try JSONResponse.make(InvoiceDTO(invoice, publicBaseURL: publicBaseURL))
        }
        action(group, "issue", body: EmptyBody.self) { id, _, actor, tx in try await invoices.issue(id, actor: actor, in: tx) }
        action(group, "void", body: EmptyBody.self) { id, _, actor, tx in try await invoices.void(id, actor: actor, in: tx) }
        action(group, "write-off", body: WriteOffBody.self) { id, body, actor, tx in
            try await invoices.writeOff(id, reason: body.reason, actor: actor, in: tx)
        }
    }

    /// `POST /v1/invoices/{id}/<name>` with an optional body of type `Body`.
    private func action<Body: RequestBody>(
        _ group: RouterGroup<TenantRequestContext>, _ name: String, body: Body.Type,
        _ perform: @escaping @Sendable (UUID, Body, String, PostgresConnection) async throws -> Invoice
    ) {
        group.post(RouterPath("invoices/:id/\(name)")) { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "invoice")
            let json = try await StrictJSONDecoder.read(request)
            let decoded = try StrictJSONDecoder.decode(Body.self, from: json)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let invoice = try await perform(id, decoded, context.actor, tx)
                    return try JSONResponse.stored(InvoiceDTO(invoice, publicBaseURL: publicBaseURL))
                }
            }
            return outcome.response
        }
    }
}

/// A POST that takes no fields (an empty body or `{}`).
struct EmptyBody: RequestBody {}

/// `POST /v1/invoices/{id}/write-off`: why the balance is given up.
struct WriteOffBody: RequestBody {
    var reason: String
    static let maximumLengths = ["reason": 1000]
    func validate(_ errors: inout FieldErrors) {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("reason", "must not be empty") }
    }
}
