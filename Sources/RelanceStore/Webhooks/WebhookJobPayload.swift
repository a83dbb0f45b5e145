import Foundation

/// The payload of a `webhook.deliver` job: which endpoint gets which event.
public struct WebhookJobPayload: Codable, Sendable, Equatable {
    /// The endpoint's id, lowercase.
    public var endpointID: String
    /// The event's id in the tenant's `events` table.
    public var eventID: Int64

    public init(endpointID: String, eventID: Int64) {
        self.endpointID = endpointID
        self.eventID = eventID
    }

    enum CodingKeys: String, CodingKey {
        case endpointID = "endpoint_id"
        case eventID = "event_id"
    }
}
