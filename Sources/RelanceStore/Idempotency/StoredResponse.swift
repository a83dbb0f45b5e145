import Foundation

/// The first response to an `Idempotency-Key`, as it is replayed: status, the headers that
/// describe the body, and the body's bytes.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var etag: String?
    public var body: Data

    public init(status: Int, contentType: String?, etag: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.etag = etag
        self.body = body
    }
}

/// What an idempotency lookup found for a key.
public enum IdempotencyLookup: Sendable, Equatable {
    /// No record: the caller performs the request (and, for a claim, now holds the key).
    case new
    /// The key's first response, recorded for the same fingerprint.
    case replay(StoredResponse)
    /// The key was used for another request (another method, path or body).
    case mismatch
    /// A request with this key is still being processed.
    case inFlight
}
