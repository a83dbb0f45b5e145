import Foundation
import RelanceStore

/// A webhook endpoint as the API returns it. `secret` is there only in the responses of
/// `POST /v1/webhooks` and `POST /v1/webhooks/{id}/rotate-secret`.
struct WebhookEndpointDTO: Encodable {
    var id: String
    var url: String
    var eventTypes: [String]
    var description: String?
    var status: String
    var failingSince: Date?
    var disabledAt: Date?
    var disabledReason: String?
    var createdAt: Date
    var updatedAt: Date
    var secret: String?

    init(_ endpoint: WebhookEndpoint, secret: String? = nil) {
        id = endpoint.id.uuidString.lowercased()
        url = endpoint.url
        eventTypes = endpoint.eventTypes
        description = endpoint.description
        status = endpoint.status.rawValue
        failingSince = endpoint.failingSince
        disabledAt = endpoint.disabledAt
        disabledReason = endpoint.disabledReason
        createdAt = endpoint.createdAt
        updatedAt = endpoint.updatedAt
        self.secret = secret
    }
}
