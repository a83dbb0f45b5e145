import Foundation
import Hummingbird
import RelanceCore
import RelanceStore

/// `/v1/webhooks` (GET list, POST), `/v1/webhooks/{id}` (GET, PATCH with `If-Match`,
/// DELETE), `POST /v1/webhooks/{id}/rotate-secret` and `GET /v1/webhooks/{id}/deliveries`:
/// the tenant's webhook endpoints and their delivery attempts (docs/webhooks.md).
///
/// A URL must pass `policy` (https, a public address; loopback only where the settings
/// allow it): 400 on `url` otherwise. The secret is in the responses of create and
/// rotate-secret only, and is null in the copy kept for an `Idempotency-Key` replay. Every
/// change writes a `webhook_endpoint.*` event.
struct WebhookRoutes {
    let database: TenantDatabase
    let policy: WebhookURLPolicy
    let endpoints = WebhookEndpointRepository()
    let events = ChangeEvents()

    func add(to group: RouterGroup<TenantRequestContext>) {
        group.get("webhooks") { request, context in
            let tenant = try context.requireTenant()
            let page = try PageRequest.from(request, maximum: 200)
            let after = try page.position { UUID(uuidString: $0) }
            let list = try await database.withTransaction(tenant.slug) { tx in
                try await endpoints.list(after: after, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: list.map { WebhookEndpointDTO($0) }, for: page) { $0.id })
        }
        group.post("webhooks") { request, context in
            let tenant = try context.requireTenant()
            let json = try await StrictJSONDecoder.read(request)
            let body = try StrictJSONDecoder.decode(NewWebhookBody.self, from: json)
            try checkURL(body.url)
            var ignored = FieldErrors()
            let types = NewWebhookBody.eventTypes(body.eventTypes, &ignored)   // checked by NewWebhookBody.validate
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx, redacting: ["secret"]) {
                    let (endpoint, secret) = try await endpoints.create(url: body.url, eventTypes: types, description: body.description, in: tx)
                    try await events.record("webhook_endpoint.created", subject: "webhook_endpoint", id: endpoint.id, customer: nil,
                                            snapshot: WebhookEndpointDTO(endpoint), context: context, in: tx)
                    return try JSONResponse.stored(WebhookEndpointDTO(endpoint, secret: secret), status: .created)
                }
            }.response
        }
        group.get("webhooks/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "webhook endpoint")
            let endpoint = try await database.withTransaction(tenant.slug) { tx in try await endpoints.endpoint(id, in: tx) }
            return try JSONResponse.stored(WebhookEndpointDTO(endpoint), tagged: true).response()
        }
        group.patch("webhooks/:id") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "webhook endpoint")
            let json = try await StrictJSONDecoder.read(request)
            let patch = try StrictJSONDecoder.decode(WebhookPatch.self, from: json)
            if let url = patch.url.value { try checkURL(url) }
            let precondition = try IfMatch.from(request)
            let key = try Idempotency.key(request, body: json)
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx) {
                    if let precondition {
                        try precondition.check(EntityTag(of: try JSONResponse.encode(WebhookEndpointDTO(try await endpoints.endpoint(id, lock: true, in: tx)))))
                    }
                    let (before, after) = try await endpoints.update(id, patch.change, in: tx)
                    try await events.record("webhook_endpoint.updated", subject: "webhook_endpoint", id: id, customer: nil,
                                            snapshot: try ChangeEvents.changes(from: WebhookEndpointDTO(before), to: WebhookEndpointDTO(after)),
                                            context: context, in: tx)
                    return try JSONResponse.stored(WebhookEndpointDTO(after), tagged: true)
                }
            }.response
        }
        group.delete("webhooks/:id") { _, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "webhook endpoint")
            try await database.withTransaction(tenant.slug) { tx in
                let deleted = try await endpoints.delete(id, in: tx)
                try await events.record("webhook_endpoint.deleted", subject: "webhook_endpoint", id: id, customer: nil,
                                        snapshot: WebhookEndpointDTO(deleted), context: context, in: tx)
            }
            return Response(status: .noContent)
        }
        group.post("webhooks/:id/rotate-secret") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "webhook endpoint")
            let key = try Idempotency.key(request, body: .object([:]))
            return try await database.withTransaction(tenant.slug) { tx in
                try await Idempotency.run(key, in: tx, redacting: ["secret"]) {
                    let (endpoint, secret) = try await endpoints.rotateSecret(id, in: tx)
                    try await events.record("webhook_endpoint.secret_rotated", subject: "webhook_endpoint", id: id, customer: nil,
                                            snapshot: ["id": endpoint.id.uuidString.lowercased()], context: context, in: tx)
                    return try JSONResponse.stored(WebhookEndpointDTO(endpoint, secret: secret))
                }
            }.response
        }
        group.get("webhooks/:id/deliveries") { request, context in
            let tenant = try context.requireTenant()
            let id = try context.resourceID("id", "webhook endpoint")
            let page = try PageRequest.from(request, maximum: 200)
            let before = try page.position { Int64($0) }
            let attempts = try await database.withTransaction(tenant.slug) { tx in
                try await endpoints.deliveries(of: id, before: before, limit: page.fetchLimit, in: tx)
            }
            return try JSONResponse.make(Page(fetched: attempts.map(WebhookDeliveryDTO.init), for: page) { String($0.id) })
        }
    }

    /// - Throws: `Problem.validation` on `url` when the policy refuses it.
    func checkURL(_ text: String) throws(Problem) {
        do {
            _ = try policy.check(text)
        } catch {
            throw Problem.validation([.init(field: "url", message: error.message)])
        }
    }
}
