import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `/v1/dunning/policies` (GET list, POST) and `/v1/dunning/policies/{id}` (GET, PATCH with
/// `If-Match`, DELETE): the tenant's ladders. Every change writes one event.
struct DunningPolicyRoutes {
    let database: TenantDatabase
    let policies = DunningPolicyRepository()
    let events = ChangeEvents()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("dunning/policies") { request, context in
            let tenant = try context.requireTenant()
            let page = try PageRequest.from(request, maximum: 200)
            let after = try page.position { UUID(uuidString: $0) }
            let list = try await database.withTransaction(tenant.slug) { tx in
                try await policies.list(after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: list.map(DunningPolicyDTO.init), for: page) { $0.id })
        }
        group.post("dunning/policies") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewDunningPolicyBody.self, from: json)
            let policy = DunningPolicy(steps: body.steps.map(\.step))   // checked by NewDunningPolicyBody.validate
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let created = DunningPolicyDTO(try await policies.create(name: body.name, policy: policy, isDefault: body.isDefault ?? false, in: tx))
                    try await events.record("dunning_policy.created", subject: "dunning_policy", id: UUID(uuidString: created.id)!, customer: nil,
                                            snapshot: created, context: context, in: tx)
                    return try JSONResponse.stored(created, status: .created, tagged: true)
                }
            }
            return outcome.response
        }
        group.get("dunning/policies/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "dunning policy")
            let policy = try await database.withTransaction(tenant.slug) { tx in try await policies.policy(id, in: tx) }
            return try JSONResponse.stored(DunningPolicyDTO(policy), tagged: true).response()
        }
        group.patch("dunning/policies/:id") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "dunning policy")
            let json = try await StrictJSONDecoder.read(request)
            let patch = try StrictJSONDecoder.decode(DunningPolicyPatch.self, from: json)
            let ladder = patch.steps.value.map { DunningPolicy(steps: $0.map(\.step)) }   // checked by DunningPolicyPatch.validate
            let precondition = try IfMatch.from(request)
            let key = try Idempotency.key(request, body: json)
            let outcome = try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    let before = DunningPolicyDTO(try await policies.policy(id, in: tx, lock: true))
                    if let precondition { try precondition.check(EntityTag(of: try JSONResponse.encode(before))) }
                    let after = DunningPolicyDTO(try await policies.update(id, name: patch.name.value, policy: ladder,
                                                                           isDefault: patch.isDefault.value, in: tx))
                    try await events.record("dunning_policy.updated", subject: "dunning_policy", id: id, customer: nil,
                                            snapshot: try ChangeEvents.changes(from: before, to: after), context: context, in: tx)
                    return try JSONResponse.stored(after, tagged: true)
                }
            }
            return outcome.response
        }
        group.delete("dunning/policies/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "dunning policy")
            try await database.withTransaction(tenant.slug) { tx in
                let deleted = DunningPolicyDTO(try await policies.delete(id, in: tx))
                try await events.record("dunning_policy.deleted", subject: "dunning_policy", id: id, customer: nil, snapshot: deleted,
                                        context: context, in: tx)
            }
            return Response(status: .noContent)
        }
    }
}
