/// A field of a PATCH body: absent (leave it), null (clear it) or a value (set it).
///
/// Declare `var senderEmail: Patch<String>` (not `Patch<String>?`); a `KeyedDecodingContainer`
/// overload maps a missing key to `.absent`, so synthesized `Decodable` works unchanged.
enum Patch<Value: Decodable>: Decodable {
    case absent
    case null
    case value(Value)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Value.self))
    }

    /// Whether the body names the field at all.
    var isPresent: Bool { if case .absent = self { false } else { true } }

    /// The value if one was sent, nil for absent and null.
    var value: Value? { if case .value(let value) = self { value } else { nil } }

    /// `.value` mapped; absent and null unchanged.
    func map<T>(_ transform: (Value) -> T) -> Patch<T> {
        switch self {
        case .absent: .absent
        case .null: .null
        case .value(let value): .value(transform(value))
        }
    }
}

extension Patch: Sendable where Value: Sendable {}
extension Patch: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// A missing key is `.absent`, a null `.null`; chosen over the generic `decode` by
    /// synthesized `init(from:)` because it is more specific.
    func decode<Value>(_ type: Patch<Value>.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
