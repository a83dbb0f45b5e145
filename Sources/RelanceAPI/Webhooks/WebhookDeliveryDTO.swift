import Foundation
import RelanceStore

/// A delivery attempt as `GET /v1/webhooks/{id}/deliveries` lists it.
struct WebhookDeliveryDTO: Encodable {
    var id: Int64
    var eventId: String
    var eventType: String
    var attempt: Int
    var status: String
    var responseStatus: Int?
    var responseExcerpt: String?
    var error: String?
    var durationMs: Int
    var nextAttemptAt: Date?
    var attemptedAt: Date

    init(_ delivery: WebhookDelivery) {
        id = delivery.id
        eventId = String(delivery.eventID)
        eventType = delivery.eventType
        attempt = delivery.attempt
        status = delivery.status.rawValue
        responseStatus = delivery.responseStatus
        responseExcerpt = delivery.responseExcerpt
        error = delivery.error
        durationMs = delivery.durationMilliseconds
        nextAttemptAt = delivery.nextAttemptAt
        attemptedAt = delivery.attemptedAt
    }
}
