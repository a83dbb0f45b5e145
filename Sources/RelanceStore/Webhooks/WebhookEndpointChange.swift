import RelanceCore

/// A change to a webhook endpoint: a field left nil is kept; `description` set to `.some(nil)`
/// is cleared. Values are already validated (the URL by `WebhookURLPolicy`).
public struct WebhookEndpointChange: Sendable, Equatable {
    public var url: String?
    public var eventTypes: [WebhookEventType]?
    public var description: String??
    /// `active` re-enables a disabled endpoint (its failure streak forgotten); `disabled`
    /// stops its deliveries.
    public var status: WebhookEndpoint.Status?

    public init(url: String? = nil, eventTypes: [WebhookEventType]? = nil, description: String?? = nil, status: WebhookEndpoint.Status? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.status = status
    }
}
