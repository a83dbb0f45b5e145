import Foundation
import Hummingbird

/// A JSON object from a request body, read strictly: malformed JSON, a non-object, or a
/// field the endpoint does not know is a 400 naming the field, so a typo never passes
/// silently. Typed getters collect every field error before failing.
struct JSONBody {
    private let object: [String: Any]
    private(set) var errors: [Problem.FieldError] = []

    /// Reads at most 1 MiB of body.
    static func read<Context: RequestContext>(_ request: Request, context: Context, allowed: Set<String>) async throws -> JSONBody {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { return JSONBody(object: [:]) }
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = parsed as? [String: Any] else {
            throw Problem.validation([.init(field: "body", message: "must be a JSON object")])
        }
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw Problem.validation(unknown.map { .init(field: $0, message: "is not a known field") })
        }
        return JSONBody(object: object)
    }

    init(object: [String: Any]) { self.object = object }

    func has(_ field: String) -> Bool { object[field] != nil }

    /// A string field; nil if absent (or null when `nullable`).
    mutating func string(_ field: String, required: Bool = false, nullable: Bool = false) -> String? {
        switch object[field] {
        case nil:
            if required { errors.append(.init(field: field, message: "is required")) }
            return nil
        case is NSNull:
            if !nullable { errors.append(.init(field: field, message: "cannot be null")) }
            return nil
        case let value as String:
            return value
        default:
            errors.append(.init(field: field, message: "must be a string"))
            return nil
        }
    }

    mutating func stringArray(_ field: String) -> [String]? {
        guard let value = object[field] else { return nil }
        guard let array = value as? [Any], let strings = array as? [String] else {
            errors.append(.init(field: field, message: "must be an array of strings"))
            return nil
        }
        return strings
    }

    /// Adds `message` for `field` when `check` returns one.
    mutating func validate(_ field: String, _ value: String?, _ check: (String) -> String?) {
        if let value, let message = check(value) { errors.append(.init(field: field, message: message)) }
    }

    mutating func fail(_ field: String, _ message: String) { errors.append(.init(field: field, message: message)) }

    /// Throws the collected field errors, if any.
    func finish() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }
}

/// JSON responses, snake_case keys, ISO 8601 dates.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
