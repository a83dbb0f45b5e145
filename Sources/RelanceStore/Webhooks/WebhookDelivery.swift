import Foundation

/// One delivery attempt of an event to a webhook endpoint, as the API lists them.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// The endpoint answered 2xx.
        case succeeded
        /// Another status, no response, or a refused address.
        case failed
    }

    public var id: Int64
    public var endpointID: UUID
    public var eventID: Int64
    public var eventType: String
    /// The job's attempt number, from 1.
    public var attempt: Int
    public var status: Status
    /// The HTTP status, nil when no response came.
    public var responseStatus: Int?
    /// The start of the response body (at most `WebhookAttempt.excerptLength` characters).
    public var responseExcerpt: String?
    /// Why it failed without a response (refused address, timeout, connection, TLS).
    public var error: String?
    public var durationMilliseconds: Int
    /// When the next attempt is due; nil after a success, the last attempt, or a disabling.
    public var nextAttemptAt: Date?
    public var attemptedAt: Date
}
