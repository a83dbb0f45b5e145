import Foundation

/// A tenant's webhook endpoint as stored, without its secret (which only
/// `WebhookEndpointRepository.create` and `rotateSecret` return, once).
public struct WebhookEndpoint: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// Receives the events it subscribes to.
        case active
        /// Receives nothing: failing for more than a day, or disabled through the API.
        case disabled
    }

    public var id: UUID
    public var url: String
    /// Event types (`WebhookEventType` raw values), in the order given.
    public var eventTypes: [String]
    public var description: String?
    public var status: Status
    /// Since when every attempt has failed; nil when the last one succeeded (or none was made).
    public var failingSince: Date?
    public var disabledAt: Date?
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date
}
