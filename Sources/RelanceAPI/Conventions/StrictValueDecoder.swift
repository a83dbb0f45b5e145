import Foundation
import RelanceCore

/// The `Decoder` behind `StrictJSONDecoder`: reads a `JSONValue` tree, records every field
/// error in the shared state and yields placeholders so decoding goes on. A nil `value` is
/// placeholder mode: every read succeeds with a placeholder and records nothing.
struct StrictValueDecoder: Decoder {
    let value: JSONValue?
    let path: [StrictPathComponent]
    let state: StrictDecodingState
    /// Maximum string lengths of the object being decoded, by JSON field name.
    let limits: [String: Int]

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let object):
            state.registerObject(path, keys: Array(object.keys))
            return KeyedDecodingContainer(StrictKeyedContainer<Key>(object: object, decoder: self))
        case nil:
            return KeyedDecodingContainer(StrictKeyedContainer<Key>(object: [:], decoder: self))
        default:
            state.record(path, path.isEmpty ? "must be a JSON object" : "must be an object")
            return KeyedDecodingContainer(StrictKeyedContainer<Key>(object: [:], decoder: placeholder))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements): return StrictUnkeyedContainer(elements: elements, decoder: self)
        case nil: return StrictUnkeyedContainer(elements: [], decoder: self)
        default:
            state.record(path, "must be an array")
            return StrictUnkeyedContainer(elements: [], decoder: placeholder)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        StrictSingleValueContainer(decoder: self)
    }

    var isPlaceholder: Bool { value == nil }

    /// This decoder's place in placeholder mode.
    var placeholder: StrictValueDecoder {
        StrictValueDecoder(value: nil, path: path, state: state, limits: limits)
    }

    /// A value of `T` that stands for a field that failed.
    func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        if let known = T.self as? any DecodingPlaceholder.Type, let value = known.decodingPlaceholder as? T { return value }
        do {
            return try T(from: placeholder)
        } catch {
            throw StrictDecodingAbort()
        }
    }

    /// `value` (at `path`) as a `T`; on failure the error is recorded and a placeholder returned.
    func decodeValue<T: Decodable>(_ type: T.Type, _ value: JSONValue, at path: [StrictPathComponent], key: String? = nil) throws -> T {
        if isPlaceholder { return try placeholder(T.self) }
        if T.self == JSONValue.self { return value as! T }
        if T.self == String.self {
            guard case .string(let text) = value else { return try fail(T.self, path, "must be a string") }
            let limit = key.flatMap { limits[$0] } ?? StrictJSONDecoder.defaultMaximumLength
            if text.count > limit { state.record(path, "must be at most \(limit) characters") }
            return text as! T
        }
        if T.self == Bool.self {
            guard case .bool(let flag) = value else { return try fail(T.self, path, "must be true or false") }
            return flag as! T
        }
        if let integer = T.self as? any FixedWidthInteger.Type {
            switch Self.integer(integer, from: value) {
            case .value(let number): return number as! T
            case .failure(let message): return try fail(T.self, path, message)
            }
        }
        if T.self == ScaledDecimal.self {
            // Exact decimals (quantities, percentages): a JSON number or a string, never via Double.
            let text: String? = switch value {
            case .integer(let number): String(number)
            case .number(let number): number.description
            case .string(let string): string.trimmingCharacters(in: .whitespaces)
            default: nil
            }
            guard let text, let decimal = ScaledDecimal(text) else {
                return try fail(T.self, path, "must be a decimal number such as 1.5 (a JSON number or a string)")
            }
            return decimal as! T
        }
        if T.self == Double.self {
            switch value {
            case .integer(let number): return Double(number) as! T
            case .number(let number): return NSDecimalNumber(decimal: number).doubleValue as! T
            default: return try fail(T.self, path, "must be a number")
            }
        }
        let child = StrictValueDecoder(
            value: value, path: path, state: state, limits: (T.self as? any RequestBody.Type)?.maximumLengths ?? [:])
        do {
            return try T(from: child)
        } catch let abort as StrictDecodingAbort {
            throw abort
        } catch {
            return try fail(T.self, path, Self.message(for: error, type: T.self))
        }
    }

    private func fail<T: Decodable>(_ type: T.Type, _ path: [StrictPathComponent], _ message: String) throws -> T {
        state.record(path, message)
        return try placeholder(T.self)
    }

    enum IntegerOutcome {
        case value(any FixedWidthInteger)
        case failure(String)
    }

    /// A JSON number as an integer of type `I`: whole and in `I`'s range.
    static func integer<I: FixedWidthInteger>(_ type: I.Type, from value: JSONValue) -> IntegerOutcome {
        let range = "a whole number from \(I.min) to \(I.max)"
        switch value {
        case .integer(let number):
            guard let exact = I(exactly: number) else { return .failure("must be \(range)") }
            return .value(exact)
        case .number(let number):
            var whole = Decimal()
            var value = number
            NSDecimalRound(&whole, &value, 0, .down)
            guard whole == number else { return .failure("must be a whole number (no fraction)") }
            return .failure("must be \(range)")
        default:
            return .failure("must be a whole number")
        }
    }

    /// A caller's message for an error a value type threw while decoding itself.
    static func message<T>(for error: any Error, type: T.Type) -> String {
        if T.self == UUID.self { return "is not a UUID" }
        if let choices = T.self as? any RequestEnum.Type {
            return "must be one of " + choices.acceptedValues.joined(separator: ", ")
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return "is not valid"
    }
}

/// An object's fields; keys are looked up by the snake_case form of the Swift name.
struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let decoder: StrictValueDecoder

    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    private func name(_ key: Key) -> String { StrictJSONDecoder.snakeCase(key.stringValue) }

    func contains(_ key: Key) -> Bool { object[name(key)] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.state.markUsed(decoder.path, key: name(key))
        guard let value = object[name(key)] else { return true }
        return value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let field = name(key)
        let path = decoder.path + [.key(field)]
        if decoder.isPlaceholder { return try decoder.placeholder(T.self) }
        decoder.state.markUsed(decoder.path, key: field)
        guard let value = object[field] else {
            decoder.state.record(path, "is required")
            return try decoder.placeholder(T.self)
        }
        if value == .null, !(T.self is any ExpressibleByNilLiteral.Type) {
            decoder.state.record(path, "cannot be null")
            return try decoder.placeholder(T.self)
        }
        return try decoder.decodeValue(T.self, value, at: path, key: field)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decode(type, forKey: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        decoder.state.markUsed(decoder.path, key: name(key))
        return try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        decoder.state.markUsed(decoder.path, key: name(key))
        return try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { child(key) }

    private func child(_ key: Key) -> StrictValueDecoder {
        let path = decoder.path + [.key(name(key))]
        guard !decoder.isPlaceholder, let value = object[name(key)] else {
            return StrictValueDecoder(value: nil, path: path, state: decoder.state, limits: [:])
        }
        return StrictValueDecoder(value: value, path: path, state: decoder.state, limits: [:])
    }
}

/// An array's elements, each named `field[index]` in errors.
struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let decoder: StrictValueDecoder
    var currentIndex = 0

    init(elements: [JSONValue], decoder: StrictValueDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return isAtEnd }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw StrictDecodingAbort() }
        let path = decoder.path + [.index(currentIndex)]
        let value = elements[currentIndex]
        currentIndex += 1
        if value == .null, !(T.self is any ExpressibleByNilLiteral.Type) {
            decoder.state.record(path, "cannot be null")
            return try decoder.placeholder(T.self)
        }
        return try decoder.decodeValue(T.self, value, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }

    private mutating func next() throws -> StrictValueDecoder {
        guard !isAtEnd else { throw StrictDecodingAbort() }
        defer { currentIndex += 1 }
        return StrictValueDecoder(value: elements[currentIndex], path: decoder.path + [.index(currentIndex)], state: decoder.state, limits: [:])
    }
}

/// A value decoded as a whole (a `CalendarDate`'s string, an enum's raw value).
struct StrictSingleValueContainer: SingleValueDecodingContainer {
    let decoder: StrictValueDecoder

    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { decoder.value == nil || decoder.value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let value = decoder.value else { return try decoder.placeholder(T.self) }
        if value == .null, !(T.self is any ExpressibleByNilLiteral.Type) {
            decoder.state.record(decoder.path, "cannot be null")
            return try decoder.placeholder(T.self)
        }
        return try decoder.decodeValue(T.self, value, at: decoder.path, key: decoder.path.last.flatMap {
            if case .key(let key) = $0 { key } else { nil }
        })
    }
}
