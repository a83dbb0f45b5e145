import Foundation

/// What delivering one event to one endpoint needs: where, the secret to sign with, and the
/// event. Read by `WebhookDeliveryLog.target` in the tenant's transaction.
public struct WebhookTarget: Sendable {
    public var endpointID: UUID
    public var url: String
    /// The signing secret. Never log it.
    public var secret: String
    public var status: WebhookEndpoint.Status
    public var eventID: Int64
    public var eventType: String
    public var occurredAt: Date
    /// The event's snapshot, JSON text.
    public var data: String
}
