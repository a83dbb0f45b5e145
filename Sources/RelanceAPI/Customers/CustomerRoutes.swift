import Foundation
import Hummingbird
import RelanceStore

/// `/v1/customers` (GET list, POST), `/v1/customers/{id}` (GET, PATCH, DELETE) and
/// `/v1/customers/{id}/timeline` (GET), also under `/v1/tenants/{slug}`.
///
/// GET of a customer returns an `ETag`; PATCH takes `If-Match` (stale: 412; absent: the
/// change is unconditional); POST takes `Idempotency-Key`. Every change writes one event.
struct CustomerRoutes {
    let database: TenantDatabase
    let customers = CustomerRepository()
    let events = ChangeEvents()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("customers") { request, context in
            let tenant = try context.requireTenant()
            let (filter, page) = try Self.filter(request)
            let list = try await database.withTransaction(tenant.slug) { tx in try await customers.list(filter, in: tx) }
            return try JSONResponse.make(Page(fetched: list.map(CustomerDTO.init), for: page) { Self.position($0) })
        }
        group.post("customers") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let new = try StrictJSONDecoder.decode(NewCustomerBody.self, from: json).newCustomer
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let customer = CustomerDTO(try await customers.create(new, in: tx))
                    try await events.record("customer.created", subject: "customer", id: new.id, customer: new.id, snapshot: customer, context: context, in: tx)
                    return try JSONResponse.stored(customer, status: .created, tagged: true)
                }
            }
            return outcome.response
        }
        group.get("customers/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            let customer = try await database.withTransaction(tenant.slug) { tx in try await customers.customer(id, in: tx) }
            return try JSONResponse.stored(CustomerDTO(customer), tagged: true).response()
        }
        group.patch("customers/:id") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            let json = try await StrictJSONDecoder.read(request)
            let change = try StrictJSONDecoder.decode(CustomerPatch.self, from: json).customerChange
            let precondition = try IfMatch.from(request)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let before = CustomerDTO(try await customers.customer(id, in: tx, lock: true))
                    if let precondition { try precondition.check(EntityTag(of: try JSONResponse.encode(before))) }
                    let after = CustomerDTO(try await customers.update(id, change, in: tx))
                    try await events.record("customer.updated", subject: "customer", id: id, customer: id,
                                            snapshot: try ChangeEvents.changes(from: before, to: after), context: context, in: tx)
                    return try JSONResponse.stored(after, tagged: true)
                }
            }
            return outcome.response
        }
        group.delete("customers/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            try await database.withTransaction(tenant.slug) { tx in
                let customer = CustomerDTO(try await customers.delete(id, in: tx))
                try await events.record("customer.deleted", subject: "customer", id: id, customer: id, snapshot: customer, context: context, in: tx)
            }
            return Response(status: .noContent)
        }
        group.get("customers/:id/timeline") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "customer")
            let page = try PageRequest.from(request, maximum: 200)
            let before = try page.position { Int64($0) }
            let list = try await database.withTransaction(tenant.slug) { tx in
                _ = try await customers.customer(id, in: tx)
                return try await events.log.timeline(customer: id, before: before, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: try list.map(TimelineEventDTO.init), for: page) { String($0.id) })
        }
    }

    /// A customer's place in the list order: its id, a space, its name.
    static func position(_ customer: CustomerDTO) -> String { customer.id + " " + customer.name }

    /// `?q=`, `?has_overdue=`, `?limit=` (≤ 200) and `?cursor=`; every bad one named in one 400.
    static func filter(_ request: Request) throws -> (CustomerFilter, PageRequest) {
        var errors = FieldErrors()
        let query = request.uri.queryParameters
        let page = PageRequest.from(request, maximum: 200, into: &errors)
        var filter = CustomerFilter(limit: page.fetchLimit)
        if let q = query["q"].map(String.init), !q.isEmpty {
            if q.count > 200 { errors.add("q", "must be at most 200 characters") } else { filter.query = q }
        }
        if let flag = query["has_overdue"].map(String.init) {
            switch flag {
            case "true": filter.hasOverdue = true
            case "false": filter.hasOverdue = false
            default: errors.add("has_overdue", "must be true or false")
            }
        }
        if let position = page.position {
            let parts = position.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, let id = UUID(uuidString: String(parts[0])) {
                filter.after = (String(parts[1]), id)
            } else {
                errors.add("cursor", "is not a cursor from this API (pass next_cursor back unchanged)")
            }
        }
        try errors.throwIfAny()
        return (filter, page)
    }
}
