import Foundation
import Hummingbird
import RelanceStore

/// `/v1/customers/{id}/contacts` (GET, POST) and `/v1/customers/{id}/contacts/{contact_id}`
/// (PATCH, DELETE), also under `/v1/tenants/{slug}`. POST takes `Idempotency-Key`, PATCH
/// `If-Match` (the contact's `ETag`, as POST and PATCH return it). Every change writes one
/// event on the customer's timeline.
struct ContactRoutes {
    let database: TenantDatabase
    let customers = CustomerRepository()
    let events = ChangeEvents()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("customers/:id/contacts") { request, context in
            let tenant = try context.requireTenant()
            let customerID = try context.resourceID("id", "customer")
            let page = try PageRequest.from(request, maximum: 200)
            let after = try page.position { UUID(uuidString: $0) }
            let list = try await database.withTransaction(tenant.slug) { tx in
                try await customers.contacts(of: customerID, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: list.map(ContactDTO.init), for: page) { $0.id })
        }
        group.post("customers/:id/contacts") { request, context in
            let tenant = try context.requireTenant()
            let customerID = try context.resourceID("id", "customer")
            let json = try await StrictJSONDecoder.read(request)
            let new = try StrictJSONDecoder.decode(NewContactBody.self, from: json).newContact(for: customerID)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let contact = ContactDTO(try await customers.createContact(new, in: tx))
                    try await events.record("contact.created", subject: "contact", id: new.id, customer: customerID, snapshot: contact, context: context, in: tx)
                    return try JSONResponse.stored(contact, status: .created, tagged: true)
                }
            }
            return outcome.response
        }
        group.patch("customers/:id/contacts/:contact_id") { request, context in
            let tenant = try context.requireTenant()
            let customerID = try context.resourceID("id", "customer")
            let id = try context.resourceID("contact_id", "contact")
            let json = try await StrictJSONDecoder.read(request)
            let change = try StrictJSONDecoder.decode(ContactPatch.self, from: json).contactChange
            let precondition = try IfMatch.from(request)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    _ = try await customers.customer(customerID, in: tx)
                    let before = ContactDTO(try await customers.contact(id, of: customerID, in: tx, lock: true))
                    if let precondition { try precondition.check(EntityTag(of: try JSONResponse.encode(before))) }
                    let after = ContactDTO(try await customers.updateContact(id, of: customerID, change, in: tx))
                    try await events.record("contact.updated", subject: "contact", id: id, customer: customerID,
                                            snapshot: try ChangeEvents.changes(from: before, to: after), context: context, in: tx)
                    return try JSONResponse.stored(after, tagged: true)
                }
            }
            return outcome.response
        }
        group.delete("customers/:id/contacts/:contact_id") { _, context in
            let tenant = try context.requireTenant()
            let customerID = try context.resourceID("id", "customer")
            let id = try context.resourceID("contact_id", "contact")
            try await database.withTransaction(tenant.slug) { tx in
                let contact = ContactDTO(try await customers.deleteContact(id, of: customerID, in: tx))
                try await events.record("contact.deleted", subject: "contact", id: id, customer: customerID, snapshot: contact, context: context, in: tx)
            }
            return Response(status: .noContent)
        }
    }
}
