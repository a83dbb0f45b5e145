import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `/v1/credit-notes`: issue, list, read.
struct CreditNoteRoutes {
    let database: TenantDatabase
    let creditNotes = CreditNoteRepository()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.post("credit-notes") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewCreditNoteBody.self, from: json)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    try JSONResponse.stored(CreditNoteDTO(try await creditNotes.create(body.newCreditNote, actor: context.actor, in: tx)),
                                            status: .created)
                }
            }.response
        }
        group.get("credit-notes") { request, context in
            let tenant = try context.requireTenant()
            let (customerID, page, after) = try DatedCursor.customerListQuery(request)
            let found = try await database.withTransaction(tenant.slug) { tx in
                try await creditNotes.list(customerID: customerID, after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: found.map(CreditNoteDTO.init), for: page) { DatedCursor.position($0.issueDate, $0.id) })
        }
        group.get("credit-notes/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "credit note")
            let note = try await database.withTransaction(tenant.slug) { tx in try await creditNotes.creditNote(id, in: tx) }
            return try JSONResponse.make(CreditNoteDTO(note))
        }
    }
}
