import Foundation

/// A `Codable` value stored as `jsonb` (or read from `json`).
///
/// Encoding uses `JSONEncoder` with sorted keys, so equal values produce equal documents.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable {
    public var value: Value

    public init(_ value: Value) { self.value = value }
}

extension PostgresJSON: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .jsonb }
    public static var postgresBinaryFormat: Bool { false }
    public func encode(into buffer: inout [UInt8]) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a Codable value to JSON only fails for values JSON cannot express (NaN);
        // sending `null` would lose data silently, so that is a programming error.
        guard let data = try? encoder.encode(value) else {
            preconditionFailure("\(Value.self) cannot be encoded as JSON")
        }
        buffer.append(contentsOf: data)
        return true
    }
}

extension PostgresJSON: PostgresDecodable {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> PostgresJSON<Value> {
        let document: UnsafeRawBufferPointer
        switch type {
        case .jsonb:
            guard bytes.first == 1 else { throw .malformed("unknown jsonb version") }
            document = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        case .json, .text:
            document = bytes
        default:
            throw .typeMismatch
        }
        do {
            return PostgresJSON(try JSONDecoder().decode(Value.self, from: Data(document)))
        } catch {
            throw .malformed("JSON does not match \(Value.self): \(error)")
        }
    }
}
