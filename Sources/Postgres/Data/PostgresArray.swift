import Foundation

/// An element type of a one-dimensional PostgreSQL array (`text[]`, `int8[]`).
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The array type whose elements are of this type.
    static var postgresArrayDataType: PostgresDataType { get }
    /// The element types this Swift type can be read from.
    static func acceptsElementType(_ type: PostgresDataType) -> Bool
}

extension PostgresArrayElement {
    static func decodeArray(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> [Self] {
        guard bytes.count >= 12 else { throw .malformed("array header of \(bytes.count) bytes") }
        let dimensions = bytes.readBigEndian(Int32.self, at: 0)
        let elementType = PostgresDataType(oid: bytes.readBigEndian(UInt32.self, at: 8))
        guard acceptsElementType(elementType) else { throw .typeMismatch }
        if dimensions == 0 { return [] }
        guard dimensions == 1, bytes.count >= 20 else { throw .malformed("only one-dimensional arrays are supported") }
        let count = Int(bytes.readBigEndian(Int32.self, at: 12))
        var offset = 20
        var elements: [Self] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw .malformed("array truncated") }
            let length = Int(bytes.readBigEndian(Int32.self, at: offset))
            offset += 4
            if length < 0 {
                elements.append(try Self.decodeNull())
                continue
            }
            guard offset + length <= bytes.count else { throw .malformed("array element truncated") }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            elements.append(try Self.decode(from: slice, type: elementType))
            offset += length
        }
        return elements
    }
}

extension String: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .textArray }
    public static func acceptsElementType(_ type: PostgresDataType) -> Bool { type.isTextual }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .int8Array }
    public static func acceptsElementType(_ type: PostgresDataType) -> Bool { type == .int8 || type == .int4 || type == .int2 }
}

extension Int: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .int8Array }
    public static func acceptsElementType(_ type: PostgresDataType) -> Bool { type == .int8 || type == .int4 || type == .int2 }
}

extension Date: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .timestamptzArray }
    public static func acceptsElementType(_ type: PostgresDataType) -> Bool { type == .timestamptz || type == .timestamp }
}

/// `nil` elements are SQL NULLs (`ARRAY['a', NULL]`).
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { Wrapped.postgresArrayDataType }
    public static func acceptsElementType(_ type: PostgresDataType) -> Bool { Wrapped.acceptsElementType(type) }
}

/// A Swift array is a one-dimensional PostgreSQL array (`text[]`, `int8[]`), in binary format.
/// (Bytes are `Data`, which is `bytea`.)
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresDataType: PostgresDataType { Element.postgresArrayDataType }

    public func encode(into buffer: inout [UInt8]) -> Bool {
        // String parameters are untyped, but the elements of a text[] must say text.
        let elementType: PostgresDataType = Element.postgresArrayDataType == .textArray ? .text : Element.postgresDataType
        buffer.appendBigEndian(Int32(1))
        buffer.appendBigEndian(Int32(0))  // has-nulls flag; the server recomputes it
        buffer.appendBigEndian(elementType.oid)
        buffer.appendBigEndian(Int32(count))
        buffer.appendBigEndian(Int32(1))  // lower bound
        var scratch: [UInt8] = []
        for element in self {
            scratch.removeAll(keepingCapacity: true)
            if element.encode(into: &scratch) {
                buffer.appendBigEndian(Int32(scratch.count))
                buffer.append(contentsOf: scratch)
            } else {
                buffer.appendBigEndian(Int32(-1))
            }
        }
        return true
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func decode(from bytes: UnsafeRawBufferPointer, type: PostgresDataType) throws(PostgresDecodingProblem) -> [Element] {
        try Element.decodeArray(from: bytes, type: type)
    }
}
