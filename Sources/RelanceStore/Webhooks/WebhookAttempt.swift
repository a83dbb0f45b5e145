import Foundation

/// What one delivery attempt did, for `WebhookDeliveryLog.record`.
public struct WebhookAttempt: Sendable, Equatable {
    /// The most characters of a response body kept.
    public static let excerptLength = 1024
    /// The most characters of an error kept.
    public static let errorLength = 1000

    public var endpointID: UUID
    public var eventID: Int64
    public var eventType: String
    public var attempt: Int
    /// The HTTP status, nil when no response came.
    public var responseStatus: Int?
    public var responseExcerpt: String?
    public var error: String?
    public var duration: Duration
    /// How long until the next attempt; nil when there is none.
    public var retryAfter: Duration?

    public init(endpointID: UUID, eventID: Int64, eventType: String, attempt: Int, responseStatus: Int?, responseExcerpt: String?,
                error: String?, duration: Duration, retryAfter: Duration?) {
        self.endpointID = endpointID
        self.eventID = eventID
        self.eventType = eventType
        self.attempt = attempt
        self.responseStatus = responseStatus
        self.responseExcerpt = responseExcerpt.map { Self.clean($0, limit: Self.excerptLength) }
        self.error = error.map { Self.clean($0, limit: Self.errorLength) }
        self.duration = duration
        self.retryAfter = retryAfter
    }

    /// Whether the endpoint accepted the event: a 2xx status.
    public var succeeded: Bool { responseStatus.map { (200..<300).contains($0) } ?? false }

    /// `text` without NUL characters (PostgreSQL text cannot hold them), at most `limit` characters.
    static func clean(_ text: String, limit: Int) -> String {
        String(text.unicodeScalars.filter { $0 != "\0" }.prefix(limit).map(Character.init))
    }
}
