import Foundation
import Hummingbird
import RelanceStore

/// JSON responses, snake_case keys, ISO 8601 dates, sorted keys (so equal values give equal
/// bytes, and equal `EntityTag`s).
enum JSONResponse {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        try stored(value, status: status).response()
    }

    /// The response as bytes in memory, with its `ETag` when `tagged`: what idempotency
    /// stores and what a conditional resource returns.
    static func stored<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, tagged: Bool = false) throws -> StoredResponse {
        let body = try encode(value)
        return StoredResponse(status: status.code, contentType: "application/json",
                              etag: tagged ? EntityTag(of: body).description : nil, body: body)
    }
}
