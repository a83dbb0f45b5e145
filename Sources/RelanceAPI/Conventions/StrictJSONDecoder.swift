import Foundation
import Hummingbird
import RelanceCore

/// The one way a request body becomes a typed value: strict JSON into a `RequestBody` DTO.
///
/// - Unknown fields are errors naming them (`"colour": is not a known field`).
/// - Every bad field is collected into one `Problem.validation` (400 problem+json with
///   `errors: [{field, message}]`), not the first only. Nested fields are named with dots
///   and indexes: `lines[2].quantity`; the body itself is `body`.
/// - Integers must be whole and fit the declared type (`Int64`: no 9223372036854775808,
///   no 2.5); strings are at most `maximumLengths[field]` (default 1,000) characters;
///   `CalendarDate` accepts only days that exist (2026-02-30 is an error); `Patch` tells
///   absent from null.
///
/// How every error is collected: a field that fails is recorded and replaced by a
/// placeholder (`""`, `0`, `[]`, `.absent`, the type's `DecodingPlaceholder`), so the DTO's
/// synthesized `init(from:)` runs to the end and the next fields are checked too. Then
/// `RequestBody.validate` adds rule errors for the fields that decoded (a field reports one
/// message). A nested struct that fails is filled by decoding it from nothing, silently; a
/// custom type that cannot be built that way (no `DecodingPlaceholder`) stops the checks
/// there, still with the errors found so far. See `RequestBody` for an example DTO.
///
/// Free-form objects (a job payload, metadata) are `JSONValue` fields: they pass unchecked.
enum StrictJSONDecoder {
    /// The longest string a field accepts unless its DTO says otherwise.
    static let defaultMaximumLength = 1000
    /// The largest body read, in bytes.
    static let maximumBodySize = 1 << 20

    /// The request's body as a JSON tree; an empty body is `{}`.
    /// - Throws: `Problem.validation` on `body` when it is not JSON.
    static func read(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: maximumBodySize)
        return try parse(Data(buffer.readableBytesView))
    }

    /// `data` as a JSON tree; empty data is `{}`.
    static func parse(_ data: Data) throws(Problem) -> JSONValue {
        guard !data.isEmpty else { return .object([:]) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem.validation([.init(field: "body", message: "must be valid JSON")])
        }
    }

    /// `T` from `json`, strictly.
    /// - Throws: `Problem.validation` listing every field at fault.
    static func decode<T: RequestBody>(_ type: T.Type, from json: JSONValue) throws(Problem) -> T {
        let state = StrictDecodingState()
        let decoder = StrictValueDecoder(value: json, path: [], state: state, limits: T.maximumLengths)
        var result: T?
        do {
            result = try decoder.decodeValue(T.self, json, at: [])
        } catch {
            // A placeholder could not be made: the errors recorded so far are the answer.
        }
        if result != nil { state.reportUnknownKeys() }
        var errors = state.errors
        result?.validate(&errors)
        if errors.isEmpty, result == nil { errors.add("body", "could not be read") }
        try errors.throwIfAny()
        return result!
    }

    /// `T` from a JSON text (for tests and the CLI).
    static func decode<T: RequestBody>(_ type: T.Type, from data: Data) throws(Problem) -> T {
        try decode(type, from: try parse(data))
    }

    /// `camelCase` → `snake_case` as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`
    /// does (`customerID` → `customer_id`, `bankIban` → `bank_iban`), so request and response
    /// field names agree.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result.append("_") }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}

/// Thrown when a placeholder cannot be built: decoding stops with the errors so far.
struct StrictDecodingAbort: Error {}

/// One step of a field's path: an object key or an array index.
enum StrictPathComponent {
    case key(String)
    case index(Int)

    /// `lines[2].quantity`; the empty path is `body`.
    static func render(_ path: [StrictPathComponent]) -> String {
        guard !path.isEmpty else { return "body" }
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// What one decoding run has seen: errors, and each object's keys and the keys read.
final class StrictDecodingState {
    var errors = FieldErrors()
    private var objects: [(path: [StrictPathComponent], keys: [String])] = []
    private var seen: Set<String> = []
    private var used: [String: Set<String>] = [:]

    func record(_ path: [StrictPathComponent], _ message: String) {
        errors.add(StrictPathComponent.render(path), message)
    }

    func registerObject(_ path: [StrictPathComponent], keys: [String]) {
        let rendered = StrictPathComponent.render(path)
        if seen.insert(rendered).inserted { objects.append((path, keys.sorted())) }
    }

    func markUsed(_ path: [StrictPathComponent], key: String) {
        used[StrictPathComponent.render(path), default: []].insert(key)
    }

    /// Adds `is not a known field` for every key that no decode asked for.
    func reportUnknownKeys() {
        for object in objects {
            let read = used[StrictPathComponent.render(object.path)] ?? []
            for key in object.keys where !read.contains(key) {
                record(object.path + [.key(key)], "is not a known field")
            }
        }
    }
}
